package org.perturba.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.perturba.core.registry.InvalidContributionException;
import org.perturba.core.registry.ParameterDescriptor;
import org.perturba.core.registry.ParameterType;

class ParameterDescriptorTest {
    private final ParameterDescriptor epsilon = new ParameterDescriptor("epsilon", ParameterType.DOUBLE, "0.01",
            Optional.of(0.0), Optional.of(1.0), List.of(), "");
    private final ParameterDescriptor steps = new ParameterDescriptor("steps", ParameterType.INTEGER, "10",
            Optional.of(1.0), Optional.empty(), List.of(), "");
    private final ParameterDescriptor norm = new ParameterDescriptor("norm", ParameterType.CHOICE, "linf",
            Optional.empty(), Optional.empty(), List.of("linf", "l2"), "");

    @Test
    void acceptsAndNormalisesValidValues() throws InvalidContributionException {
        assertEquals("0.5", epsilon.validate("0.5"));
        assertEquals("1.0", epsilon.validate("1"));
        assertEquals("40", steps.validate("40"));
        assertEquals("9007199254740993", steps.validate("9007199254740993"), "a whole number is not rounded through double");
        assertEquals(Long.toString(Long.MAX_VALUE), steps.validate(Long.toString(Long.MAX_VALUE)));
        assertEquals("l2", norm.validate("l2"));
    }

    @Test
    void rejectsValuesOutsideTypeBoundsOrChoices() {
        assertRejected(epsilon, "-0.1", "below the minimum 0.0");
        assertRejected(epsilon, "1.5", "above the maximum 1.0");
        assertRejected(epsilon, "NaN", "expected a finite number");
        assertRejected(epsilon, "big", "expected a number");
        assertRejected(steps, "2.5", "expected a whole number");
        assertRejected(steps, "0", "below the minimum 1.0");
        assertRejected(norm, "l1", "expected one of linf, l2");
    }

    private static void assertRejected(ParameterDescriptor parameter, String value, String why) {
        InvalidContributionException error = assertThrows(InvalidContributionException.class,
                () -> parameter.validate(value));
        assertEquals("parameter '" + parameter.name() + "': '" + value + "' is invalid: " + why, error.getMessage());
    }
}
