package org.perturba.dl4j;

import java.lang.reflect.InvocationTargetException;

import org.nd4j.linalg.factory.Nd4jBackend;

import com.sun.jna.NativeLibrary;

/** The questions of {@link CudaDiagnosis} asked of this build (through a class loader) and this machine. */
public final class CudaProbes implements CudaDiagnosis.Probes {
    private final ClassLoader loader;

    /** @param loader the loader that sees ND4J's jars, this bundle's */
    public CudaProbes(ClassLoader loader) {
        this.loader = loader;
    }

    @Override
    public boolean hasClass(String name) {
        try {
            Class.forName(name, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Asks the dynamic linker through JNA (embedded for ND4J's system information): it searches as
     * the CUDA runtime will (LD_LIBRARY_PATH, ld.so.cache) and reports a failure only by its
     * exception. System.load needs a full path, and JavaCPP's Loader extracts and links whole
     * presets, whose failures are what this check is meant to explain.
     */
    @Override
    public boolean canLoadLibrary(String fileName) {
        try {
            NativeLibrary.getInstance(fileName);
            return true;
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }

    /**
     * The backend's canRun(), which loads the CUDA natives and counts the GPUs; ND4J's own
     * isAvailable() calls it too but prints the failure's stack trace first.
     */
    @Override
    public Throwable startBackend() {
        try {
            Nd4jBackend backend = (Nd4jBackend) Class.forName(CudaDiagnosis.BACKEND_CLASS, true, loader)
                    .getDeclaredConstructor().newInstance();
            return backend.canRun() ? null : new IllegalStateException("ND4J's CUDA backend says it cannot run here");
        } catch (InvocationTargetException e) {
            return e.getCause();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return e;
        }
    }
}
