package org.perturba.dl4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.perturba.dl4j.CudaDiagnosis;
import org.perturba.dl4j.CudaProbes;
import org.perturba.dl4j.Nd4jRuntime;

/** Why the CUDA backend cannot run, told apart without a GPU: fakes answer for the build and the machine. */
class CudaDiagnosisTest {
    /** What the linker said when JavaCPP could not load the CUDA runtime's bindings. */
    private static UnsatisfiedLinkError linkError(String missing) {
        UnsatisfiedLinkError error = new UnsatisfiedLinkError("no jnicudart in java.library.path: /usr/lib");
        error.initCause(new UnsatisfiedLinkError("/root/.javacpp/cache/cuda-linux-x86_64.jar/org/bytedeco/cuda/linux-x86_64/"
                + "libjnicudart.so: " + missing + ": cannot open shared object file: No such file or directory"));
        return error;
    }

    private record Fake(boolean cudaBuild, boolean driver, Throwable start) implements CudaDiagnosis.Probes {
        @Override
        public boolean hasClass(String name) {
            assertEquals(CudaDiagnosis.BACKEND_CLASS, name);
            return cudaBuild;
        }

        @Override
        public boolean canLoadLibrary(String fileName) {
            assertTrue(cudaBuild, "the driver is looked for only in a CUDA build");
            assertEquals(CudaDiagnosis.DRIVER_LIBRARY, fileName);
            return driver;
        }

        @Override
        public Throwable startBackend() {
            assertTrue(driver, "the backend is started only once the driver loads");
            return start;
        }
    }

    private static String problem(Fake probes) {
        Optional<String> problem = CudaDiagnosis.problem(probes);
        assertTrue(problem.isPresent(), "no problem found for " + probes);
        assertFalse(problem.get().contains("\n"), problem.get());
        assertTrue(problem.get().startsWith("PERTURBA_BACKEND=cuda, but "), problem.get());
        return problem.get();
    }

    @Test
    void aCpuBuildIsToldToBuildWithTheCudaProfile() {
        String problem = problem(new Fake(false, false, null));
        assertTrue(problem.contains("this build has no CUDA backend"), problem);
        assertTrue(problem.contains("./mvnw -Pcuda"), problem);
    }

    @Test
    void aCudaBuildWithoutTheNvidiaDriverNamesLibcuda() {
        String problem = problem(new Fake(true, false, null));
        assertTrue(problem.contains("NVIDIA driver library libcuda.so.1 cannot be loaded"), problem);
        assertFalse(problem.contains("-Pcuda"), "a CUDA build must not be told to build with -Pcuda: " + problem);
    }

    @Test
    void theDriverBlamedByTheBackendItselfIsTheDriverCaseToo() {
        assertEquals(problem(new Fake(true, false, null)), problem(new Fake(true, true, linkError("libcuda.so.1"))));
    }

    @Test
    void aMissingCudaRuntimeOrCudnnLibraryIsNamedWithTheVersionsNeeded() {
        for (String library : new String[] { "libcudart.so.11.0", "libcublasLt.so.11", "libcudnn.so.8" }) {
            String problem = problem(new Fake(true, true, new RuntimeException(linkError(library))));
            assertTrue(problem.contains("the NVIDIA driver is there and " + library + " is missing"), problem);
            assertTrue(problem.contains("CUDA 11.6 and cuDNN 8.3"), problem);
        }
    }

    @Test
    void anyOtherFailureIsItsRootCauseOnOneLine() {
        RuntimeException noDevice = new RuntimeException(new RuntimeException("No CUDA devices were found in system\n\tat x.y(z)"));
        assertEquals("PERTURBA_BACKEND=cuda, but the CUDA backend did not start: RuntimeException: No CUDA devices were found in system",
                problem(new Fake(true, true, noDevice)));
        String otherLibrary = problem(new Fake(true, true, linkError("libgomp.so.1")));
        assertTrue(otherLibrary.contains("did not start: UnsatisfiedLinkError: ") && otherLibrary.contains("libgomp.so.1"), otherLibrary);
    }

    @Test
    void aMachineWhereTheBackendStartsHasNoProblem() {
        assertEquals(Optional.empty(), CudaDiagnosis.problem(new Fake(true, true, null)));
    }

    @Test
    void theRealProbesAnswerWithoutThrowing() {
        CudaProbes probes = new CudaProbes(Nd4jRuntime.class.getClassLoader());
        assertTrue(probes.hasClass(Nd4jRuntime.class.getName()));
        assertFalse(probes.hasClass("org.perturba.dl4j.NoSuchClass"));
        assertTrue(probes.canLoadLibrary("libc.so.6"), "JNA's dlopen works inside the bundle");
        assertFalse(probes.canLoadLibrary("libperturba-no-such-library.so.1"));
        if (!probes.hasClass(CudaDiagnosis.BACKEND_CLASS)) {
            assertInstanceOf(ClassNotFoundException.class, probes.startBackend(), "a CPU build has no CUDA backend to start");
        }
    }
}
