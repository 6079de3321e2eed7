package org.perturba.fuzz.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * The regression half of fuzzing, inside OSGi on every build: every input of the committed corpus
 * ({@code corpus/org/perturba/fuzz/tests/PerturbaFuzzTestInputs/<target>/}, Jazzer's layout, so that
 * {@code releng/fuzz/run} fuzzes from the same seeds) and the empty input go through their fuzz
 * target, which checks "a value or the documented checked exception". A hang counts as a failure.
 */
class FuzzCorpusTest {
    static final String CORPUS = "corpus/org/perturba/fuzz/tests/PerturbaFuzzTestInputs/";
    private static final Duration LIMIT = Duration.ofSeconds(20);

    @TestFactory
    Stream<DynamicContainer> everyCorpusInputGivesAValueOrTheDocumentedException() throws IOException {
        List<DynamicContainer> targets = new ArrayList<>();
        for (String target : FuzzTargets.names()) {
            List<URL> inputs = inputs(target);
            assertFalse(inputs.isEmpty(), "no corpus for " + target + " in the bundle (" + CORPUS + target + ")");
            List<DynamicTest> tests = new ArrayList<>();
            tests.add(DynamicTest.dynamicTest("<empty input>", () -> replay(target, new byte[0])));
            for (URL input : inputs) {
                String name = input.getPath().substring(input.getPath().lastIndexOf('/') + 1);
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    byte[] bytes;
                    try (InputStream in = input.openStream()) {
                        bytes = in.readAllBytes();
                    }
                    replay(target, bytes);
                }));
            }
            targets.add(DynamicContainer.dynamicContainer(target, tests));
        }
        return targets.stream();
    }

    private static void replay(String target, byte[] input) {
        assertTimeoutPreemptively(LIMIT, () -> FuzzTargets.run(target, input), target + " hangs");
    }

    private static List<URL> inputs(String target) {
        Bundle bundle = FrameworkUtil.getBundle(FuzzCorpusTest.class);
        List<URL> found = bundle.findEntries(CORPUS + target, "*", true) == null ? List.of()
                : Collections.list(bundle.findEntries(CORPUS + target, "*", true));
        return found.stream().filter(url -> !url.getPath().endsWith("/"))
                .sorted(Comparator.comparing(URL::getPath)).toList();
    }
}
