package org.perturba.experiment;

import java.util.LinkedHashMap;
import java.util.Map;

import org.perturba.dl4j.Nd4jRuntime;

/**
 * Facts about the machine and software a run happens on, recorded in every run's provenance and
 * printed by {@code perturba version}.
 */
public final class RuntimeEnvironment {
    private RuntimeEnvironment() {
    }

    /**
     * @param perturbaVersion version of the running Perturba installation
     * @param includeBackend whether to start ND4J (a second or two) to report its backend
     */
    public static Map<String, Object> describe(String perturbaVersion, boolean includeBackend) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("perturba", perturbaVersion);
        facts.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        facts.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        facts.put("processors", Runtime.getRuntime().availableProcessors());
        facts.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        if (includeBackend) {
            Nd4jRuntime.BackendInfo backend = Nd4jRuntime.initialise();
            facts.put("nd4jBackend", backend.backendClass());
            facts.put("nd4jDataType", backend.defaultDataType());
            facts.put("blas", backend.blasVendor());
        }
        return facts;
    }
}
