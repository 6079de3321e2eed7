package org.perturba.imaging.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.perturba.imaging.ResourceLimits;
import org.perturba.imaging.ResourceLimits.Limit;

/** Limits are set by {@code perturba.limit.*} properties; anything but a positive number is a one-line error. */
class ResourceLimitsTest {
    @Test
    void defaultsHoldWhenNothingIsSet() {
        ResourceLimits limits = ResourceLimits.from(new Properties());
        for (Limit limit : Limit.values()) {
            assertEquals(limit.defaultValue(), limits.get(limit), limit.property());
        }
        assertEquals(512L << 20, limits.get(Limit.MAX_VOXELS));
    }

    @Test
    void propertiesOverrideTheDefaultsWithOptionalBinarySuffixes() {
        ResourceLimits limits = ResourceLimits.from(properties("perturba.limit.max-voxels", "1000",
                "perturba.limit.max-file-bytes", "3G", "perturba.limit.max-decompressed-bytes", "64m",
                "perturba.limit.max-experiment-file-bytes", "2K", "perturba.limit.max-sweep-size", "1_000"));
        assertEquals(1000, limits.get(Limit.MAX_VOXELS));
        assertEquals(3L << 30, limits.get(Limit.MAX_FILE_BYTES));
        assertEquals(64L << 20, limits.get(Limit.MAX_DECOMPRESSED_BYTES));
        assertEquals(2048, limits.get(Limit.MAX_EXPERIMENT_FILE_BYTES));
        assertEquals(1000, limits.get(Limit.MAX_SWEEP_SIZE));
    }

    @Test
    void aValueThatIsNotAPositiveNumberIsAOneLineError() {
        for (String bad : new String[] { "0", "-5", "lots", "", "1.5", "12T", "99999999999999999999" }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ResourceLimits.from(properties("perturba.limit.max-voxels", bad)), bad);
            assertEquals("perturba.limit.max-voxels: expected a positive whole number (optionally with K, M or G), got \"" + bad
                    + "\"", e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ResourceLimits.defaults().with(Limit.MAX_VOXELS, 0));
    }

    @Test
    void aMisspelledLimitIsAnErrorNotIgnored() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResourceLimits.from(properties("perturba.limit.max-voxel", "10")));
        assertTrue(e.getMessage().startsWith("perturba.limit.max-voxel: no such limit (limits: max-voxels, "), e.getMessage());
    }

    private static Properties properties(String... keysAndValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }
}
