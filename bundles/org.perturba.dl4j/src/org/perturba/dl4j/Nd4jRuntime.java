package org.perturba.dl4j;

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
     * @throws IllegalStateException when the CUDA backend was asked for and could not be loaded
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

    /** The launchers' choice of backend, {@code cpu} or {@code cuda}. */
    private static final String BACKEND_VARIABLE = "PERTURBA_BACKEND";
    private static final String CUDA_BACKEND_CLASS = "JCublasBackend";

    private static BackendInfo load() {
        ClassLoader bundleLoader = Nd4jRuntime.class.getClassLoader();
        ND4JClassLoading.setNd4jClassloader(bundleLoader);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(bundleLoader);
        try {
            Nd4jBackend nd4jBackend = Nd4j.getBackend();
            if ("cuda".equals(System.getenv(BACKEND_VARIABLE))
                    && !nd4jBackend.getClass().getSimpleName().equals(CUDA_BACKEND_CLASS)) {
                throw new IllegalStateException(BACKEND_VARIABLE + "=cuda, but ND4J loaded "
                        + nd4jBackend.getClass().getSimpleName() + ": this build has no usable CUDA backend (build with"
                        + " ./mvnw -Pcuda, on a machine with CUDA 11.6 and cuDNN 8.3)");
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
}
