package org.perturba.dl4j;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says in one line why ND4J's CUDA backend cannot run here, asked before ND4J itself tries: when the
 * backend fails, ND4J prints the failure's stack trace on stderr (JCublasBackend.isAvailable calls
 * printStackTrace, past any logger) and falls back to the CPU, so afterwards only "ND4J loaded the
 * CPU backend" is left to say. The questions go from the build to the machine: the backend's classes,
 * the NVIDIA driver, then the backend's own start, which loads the CUDA runtime, cuBLAS and cuDNN.
 */
public final class CudaDiagnosis {
    /** ND4J's CUDA backend; only a build made with {@code -Pcuda} has it. */
    public static final String BACKEND_CLASS = "org.nd4j.linalg.jcublas.JCublasBackend";
    /** The NVIDIA driver's library: the CUDA runtime talks to the GPU through it. */
    public static final String DRIVER_LIBRARY = "libcuda.so.1";

    /** The dynamic linker's words for a library it did not find: "libX.so.N: cannot open shared object file". */
    private static final Pattern MISSING_LIBRARY = Pattern.compile("(lib[^/:\\s]+\\.so[.0-9]*): cannot open shared object file");
    /** CUDA's and cuDNN's libraries (libcudart, libcublas, libcublasLt, libcusolver, libcudnn...). */
    private static final Pattern CUDA_LIBRARY = Pattern.compile("lib(cu|nv)\\w*\\.so.*");

    private static final String ASKED = "PERTURBA_BACKEND=cuda, but ";
    static final String NO_CUDA_BUILD = ASKED + "this build has no CUDA backend (ND4J's nd4j-cuda-11.6 jars are not in it):"
            + " build with ./mvnw -Pcuda (docs/performance.md, GPU section)";
    static final String NO_DRIVER = ASKED + "the NVIDIA driver library " + DRIVER_LIBRARY + " cannot be loaded: this"
            + " machine has no NVIDIA driver (or no NVIDIA GPU); the build has the CUDA backend, the machine cannot run it";

    private CudaDiagnosis() {
    }

    /** What the diagnosis asks of the build and the machine; tests answer with fakes. */
    public interface Probes {
        /** Whether this build has the class, without initialising it. */
        boolean hasClass(String name);

        /** Whether the dynamic linker loads the shared library of this file name, e.g. {@code libcuda.so.1}. */
        boolean canLoadLibrary(String fileName);

        /** Runs the CUDA backend's own check of the machine; what it threw, or {@code null} when it can run. */
        Throwable startBackend();
    }

    /** Why the CUDA backend cannot run, in one line; empty when it can. */
    public static Optional<String> problem(Probes probes) {
        if (!probes.hasClass(BACKEND_CLASS)) {
            return Optional.of(NO_CUDA_BUILD);
        }
        if (!probes.canLoadLibrary(DRIVER_LIBRARY)) {
            return Optional.of(NO_DRIVER);
        }
        Throwable failure = probes.startBackend();
        return failure == null ? Optional.empty() : Optional.of(explain(failure));
    }

    private static String explain(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = firstLine(root);
        Matcher missing = MISSING_LIBRARY.matcher(message);
        if (root instanceof UnsatisfiedLinkError && missing.find()) {
            String library = missing.group(1);
            if (library.equals(DRIVER_LIBRARY)) {
                return NO_DRIVER;
            }
            if (CUDA_LIBRARY.matcher(library).matches()) {
                return ASKED + "the NVIDIA driver is there and " + library + " is missing: install CUDA 11.6 and cuDNN 8.3,"
                        + " the versions this build's CUDA backend was made for, with their libraries on LD_LIBRARY_PATH";
            }
        }
        return ASKED + "the CUDA backend did not start: " + root.getClass().getSimpleName() + ": " + message;
    }

    private static String firstLine(Throwable throwable) {
        String message = String.valueOf(throwable.getMessage()).strip();
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end).strip();
    }
}
