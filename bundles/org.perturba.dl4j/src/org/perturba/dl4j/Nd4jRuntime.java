package org.perturba.dl4j;

import java.lang.management.ManagementFactory;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

import org.nd4j.common.config.ND4JClassLoading;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.factory.Nd4jBackend;

/**
 * Starts ND4J inside OSGi. ND4J finds its backend with ServiceLoader through a class loader it
 * fixes at first use; inside Equinox that must be this bundle's loader (which sees every embedded
 * jar), not whatever thread context loader the caller happens to have. Call {@link #initialise()}
 * before the first ND4J or DL4J call; it is cheap after the first time.
 */
public final class Nd4jRuntime {
    private static volatile BackendInfo backend;

    private Nd4jRuntime() {
    }

    /**
     * Loads the ND4J backend once and describes it.
     *
     * @throws IllegalStateException when the CUDA backend was asked for and cannot run; its message says
     *         why in one line ({@link CudaDiagnosis})
     */
    public static BackendInfo initialise() {
        BackendInfo loaded = backend;
        if (loaded != null) {
            return loaded;
        }
        synchronized (Nd4jRuntime.class) {
            if (backend == null) {
                backend = load();
            }
            return backend;
        }
    }

    /**
     * Frees the calling thread's ND4J workspaces. DL4J leaves a network's training and inference
     * workspaces, sized by its largest batch, attached to the thread once it is done with them (at
     * 2 mm: 1.5 GB after training the segmenter, 2.6 GB after a brain-age model), and the next network
     * grows its own beside them. Called when a network's training ends, a run's memory stays near
     * what its largest network needs; the next use allocates what it needs again.
     */
    public static void releaseWorkspaces() {
        Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
    }

    /** The launchers' choice of backend, {@code cpu} or {@code cuda}. */
    private static final String BACKEND_VARIABLE = "PERTURBA_BACKEND";

    /** Milliseconds between G1 periodic collections; see {@link #tuneGarbageCollection()}. */
    static final String GC_INTERVAL_MS = "1000";
    /** The most and least of the committed heap that may stay free after a collection, in percent. */
    static final String MAX_HEAP_FREE_PERCENT = "30", MIN_HEAP_FREE_PERCENT = "10";

    private static BackendInfo load() {
        tuneGarbageCollection();
        ClassLoader bundleLoader = Nd4jRuntime.class.getClassLoader();
        ND4JClassLoading.setNd4jClassloader(bundleLoader);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(bundleLoader);
        try {
            boolean cuda = "cuda".equals(System.getenv(BACKEND_VARIABLE));
            if (cuda) {
                CudaDiagnosis.problem(new CudaProbes(bundleLoader)).ifPresent(problem -> {
                    throw new IllegalStateException(problem);
                });
            }
            Nd4jBackend nd4jBackend = Nd4j.getBackend();
            if (cuda && !nd4jBackend.getClass().getName().equals(CudaDiagnosis.BACKEND_CLASS)) {
                // the CUDA backend can run, but ND4J preferred another: the launchers' priorities were not set
                throw new IllegalStateException(BACKEND_VARIABLE + "=cuda, but ND4J loaded " + nd4jBackend.getClass().getSimpleName()
                        + " (start Perturba with its launcher, which sets BACKEND_PRIORITY_GPU above BACKEND_PRIORITY_CPU)");
            }
            String environment = String.valueOf(Nd4j.getExecutioner().getEnvironmentInformation()
                    .getOrDefault("blas.vendor", "unknown"));
            return new BackendInfo(nd4jBackend.getClass().getSimpleName(), Nd4j.dataType().toString(), environment);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * The ND4J backend in use.
     *
     * @param backendClass e.g. {@code CpuBackend} or {@code JCublasBackend}
     * @param defaultDataType the floating-point type new arrays get by default
     * @param blasVendor the BLAS library the backend links (OpenBLAS on the CPU)
     */
    public record BackendInfo(String backendClass, String defaultDataType, String blasVendor) {
    }

    /**
     * Tunes the JVM's garbage collector, where the command line left it alone, for a program whose
     * memory lies mostly outside the Java heap:
     * <ul>
     * <li>a collection at least every {@value #GC_INTERVAL_MS} ms (G1's periodic collection). An ND4J
     * array's memory is off the heap and is freed only when the collector finds its small Java owner;
     * back-propagation with DL4J's workspaces off (input gradients) leaves tens of MB of such arrays
     * per batch while hardly touching the heap, so young collections came too rarely: a 32³
     * input-gradient loop reached 2.6 GB RSS after 60 steps, and {@code perturba demo --quick} peaked
     * at 2.2-4.4 GB. With a collection every second the same loop stays under 0.5 GB and is faster
     * (fresh memory from the OS costs page faults); each collection of the small heap takes a few ms.
     * <li>at most {@value #MAX_HEAP_FREE_PERCENT} % of the committed heap left free after a collection
     * (the default is 70 %), so that the heap is given back once a stage is done with it: during the
     * 2 mm study the heap held 1.7 GB of live data in 5.7 GB committed, 4 GB of resident memory that
     * served nothing, and the run peaked near 8 GB.
     * </ul>
     * The options are "manageable", so they can be set at run time; on a JVM without them nothing changes.
     */
    static void tuneGarbageCollection() {
        // the minimum first: the JVM refuses a maximum below the current minimum (40 % by default)
        setIfDefault("MinHeapFreeRatio", MIN_HEAP_FREE_PERCENT);
        setIfDefault("MaxHeapFreeRatio", MAX_HEAP_FREE_PERCENT);
        setIfDefault("G1PeriodicGCInterval", GC_INTERVAL_MS);
    }

    private static void setIfDefault(String name, String value) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName diagnostics = new ObjectName("com.sun.management:type=HotSpotDiagnostic");
            CompositeData option = (CompositeData) server.invoke(diagnostics, "getVMOption",
                    new Object[] { name }, new String[] { String.class.getName() });
            if ("DEFAULT".equals(String.valueOf(option.get("origin")))) {
                server.invoke(diagnostics, "setVMOption", new Object[] { name, value },
                        new String[] { String.class.getName(), String.class.getName() });
            }
        } catch (JMException | RuntimeException e) {
            // not HotSpot, or the option is unknown: memory is then managed at the JVM's own pace
        }
    }
}
