package org.perturba.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.ILogListener;
import org.eclipse.core.runtime.IStatus;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.perturba.core.registry.ContextSource;
import org.perturba.core.registry.ContributionDescriptor;
import org.perturba.core.registry.ContributionKind;
import org.perturba.core.registry.ContributionProblem;
import org.perturba.core.registry.ContributionRegistry;
import org.perturba.core.registry.InvalidContributionException;
import org.perturba.core.registry.ParameterDescriptor;
import org.perturba.core.registry.ParameterType;

/** The registry reader, running inside Equinox against real bundles' plugin.xml. */
class ContributionRegistryTest {
    private static final String TEST_BUNDLE = "org.perturba.core.tests";

    private final ContributionRegistry registry = new ContributionRegistry();

    @Test
    void findsTheBuiltInContributionsOfOtherBundles() {
        assertContributedBy("org.perturba.attack", registry.find(ContributionKind.ATTACK, "fgsm").orElseThrow());
        assertContributedBy("org.perturba.model", registry.find(ContributionKind.MODEL, "conventional").orElseThrow());
        assertContributedBy("org.perturba.anatomy",
                registry.find(ContributionKind.CONTEXT, "label-volumes").orElseThrow());
    }

    @Test
    void readsDeclaredParameters() {
        ContributionDescriptor sound = registry.find(ContributionKind.ATTACK, "test-sound").orElseThrow();
        assertEquals(TEST_BUNDLE, sound.bundle());
        Map<String, ParameterDescriptor> parameters = sound.parameters().stream()
                .collect(Collectors.toMap(ParameterDescriptor::name, Function.identity()));
        assertEquals(ParameterType.INTEGER, parameters.get("steps").type());
        assertEquals("10", parameters.get("steps").defaultValue());
        assertEquals(List.of("up", "down"), parameters.get("mode").choices());
    }

    @Test
    void namesTheVersionOfTheContributingBundle() {
        ContributionDescriptor fgsm = registry.find(ContributionKind.ATTACK, "fgsm").orElseThrow();
        assertEquals(bundle("org.perturba.attack").getVersion().toString(), fgsm.bundleVersion());
        assertFalse(fgsm.bundleVersion().isEmpty());
    }

    @Test
    void skipsFaultyContributionsAndKeepsTheOthers() {
        List<String> attacks = ids(ContributionKind.ATTACK);
        assertTrue(attacks.contains("fgsm"), attacks::toString);
        assertTrue(attacks.contains("test-sound"), attacks::toString);
        assertFalse(attacks.contains("test-no-class"), "an attack without class must be skipped");
        assertFalse(attacks.contains("test-bad-default"), "a default outside its bounds must be skipped");
        assertFalse(attacks.contains("test-bad-type"), "an unknown parameter type must be skipped");
        assertFalse(ids(ContributionKind.MODEL).contains("Not A Valid Id"));
        assertFalse(ids(ContributionKind.CONTEXT).contains("test-bad-source"), "an unknown source must be skipped");
        assertFalse(ids(ContributionKind.CONTEXT).contains("test-duplicate"), "an id contributed twice: neither is used");

        List<String> reasons = problemsFromTestBundle().stream().map(ContributionProblem::message).toList();
        assertEquals(7, reasons.size(), reasons::toString);
        assertTrue(reasons.stream().anyMatch(r -> r.contains("no 'class' attribute")), reasons::toString);
        assertTrue(reasons.stream().anyMatch(r -> r.contains("above the maximum 1.0")), reasons::toString);
        assertTrue(reasons.stream().anyMatch(r -> r.contains("unknown parameter type 'float'")), reasons::toString);
        assertTrue(reasons.stream().anyMatch(r -> r.contains("must be lower case")), reasons::toString);
        assertTrue(reasons.stream().anyMatch(r -> r.contains("no 'id' attribute")), reasons::toString);
        assertTrue(reasons.contains("id 'test-duplicate' is contributed 2 times (by " + TEST_BUNDLE + ", " + TEST_BUNDLE
                + "): none of them is used, ids are shared by all plug-ins"), reasons::toString);
        assertTrue(reasons.contains("'test-bad-source': unknown context source 'oracle' (expected image or "
                + "ground-truth-labels)"), reasons::toString);
    }

    @Test
    void readsWhatEachContextExtractorReads() {
        for (String id : new String[] { "label-volumes", "label-fractions", "soft-tissue-volumes" }) {
            assertEquals(ContextSource.GROUND_TRUTH_LABELS, contextSource(id), id);
        }
        assertEquals(ContextSource.IMAGE, contextSource("segmented-volumes"));
        assertEquals(ContextSource.IMAGE, contextSource("test-image-source"));
        assertEquals(ContextSource.GROUND_TRUTH_LABELS, contextSource("test-undeclared-source"), "undeclared: labels");
        assertEquals("ground-truth-labels", ContextSource.GROUND_TRUTH_LABELS.label());
        assertTrue(registry.find(ContributionKind.ATTACK, "fgsm").orElseThrow().contextSource().isEmpty(),
                "attacks read no context");
    }

    @Test
    void usesNeitherOfTwoContributionsWithOneId() {
        // the registry's order is the bundles' installation order: keeping the first would let it decide
        assertTrue(registry.find(ContributionKind.CONTEXT, "test-duplicate").isEmpty());
    }

    @Test
    void logsEachSkippedContributionAsAnError() {
        List<IStatus> logged = new CopyOnWriteArrayList<>();
        ILogListener listener = (status, plugin) -> logged.add(status);
        ILog log = ILog.of(ContributionRegistry.class);
        log.addLogListener(listener);
        try {
            ContributionRegistry fresh = new ContributionRegistry();
            fresh.descriptors(ContributionKind.ATTACK);
            fresh.descriptors(ContributionKind.ATTACK); // a second read must not log again
        } finally {
            log.removeLogListener(listener);
        }
        List<String> messages = logged.stream().filter(s -> s.getSeverity() == IStatus.ERROR)
                .map(IStatus::getMessage).toList();
        assertEquals(3, messages.stream().filter(m -> m.contains(TEST_BUNDLE)).count(), messages::toString);
        assertTrue(messages.stream().allMatch(m -> m.startsWith("skipped a faulty attack contribution")),
                messages::toString);
    }

    @Test
    void listsWithoutLoadingClassesAndCreatesOnDemand() throws Exception {
        Bundle attackBundle = bundle("org.perturba.attack");
        ContributionDescriptor fgsm = registry.find(ContributionKind.ATTACK, "fgsm").orElseThrow();
        assertNotEquals(Bundle.ACTIVE, attackBundle.getState(), "listing must not activate the contributor");

        Object attack = fgsm.createInstance(Object.class);
        assertEquals("org.perturba.attack.fgsm.FgsmAttack", attack.getClass().getName());
        assertEquals(Bundle.ACTIVE, attackBundle.getState());
    }

    @Test
    void createsInstancesAndChecksTheirType() throws Exception {
        ContributionDescriptor sound = registry.find(ContributionKind.ATTACK, "test-sound").orElseThrow();
        assertInstanceOf(SoundContribution.class, sound.createInstance(Runnable.class));
        InvalidContributionException wrongType = assertThrows(InvalidContributionException.class,
                () -> sound.createInstance(CharSequence.class));
        assertTrue(wrongType.getMessage().contains("does not implement java.lang.CharSequence"),
                wrongType.getMessage());
    }

    @Test
    void reportsAMissingClassWhenCreating() {
        ContributionDescriptor missing = registry.find(ContributionKind.ATTACK, "test-missing-class").orElseThrow();
        InvalidContributionException error = assertThrows(InvalidContributionException.class,
                () -> missing.createInstance(Object.class));
        assertTrue(error.getMessage().startsWith("attack 'test-missing-class' from " + TEST_BUNDLE),
                error.getMessage());
        assertTrue(error.getMessage().contains("org.perturba.core.tests.NoSuchAttack"), error.getMessage());
    }

    private ContextSource contextSource(String contextId) {
        return registry.find(ContributionKind.CONTEXT, contextId).orElseThrow().contextSource().orElseThrow();
    }

    private List<String> ids(ContributionKind kind) {
        return registry.descriptors(kind).stream().map(ContributionDescriptor::id).toList();
    }

    private List<ContributionProblem> problemsFromTestBundle() {
        return Arrays.stream(ContributionKind.values()).flatMap(kind -> registry.problems(kind).stream())
                .filter(problem -> problem.bundle().equals(TEST_BUNDLE)).toList();
    }

    private static void assertContributedBy(String bundle, ContributionDescriptor descriptor) {
        assertEquals(bundle, descriptor.bundle());
        assertFalse(descriptor.name().isBlank());
        assertFalse(descriptor.className().isBlank());
    }

    private static Bundle bundle(String symbolicName) {
        for (Bundle bundle : FrameworkUtil.getBundle(ContributionRegistryTest.class).getBundleContext().getBundles()) {
            if (bundle.getSymbolicName().equals(symbolicName)) {
                return bundle;
            }
        }
        throw new AssertionError("bundle " + symbolicName + " is not installed");
    }
}
