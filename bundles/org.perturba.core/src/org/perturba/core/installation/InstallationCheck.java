package org.perturba.core.installation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.Version;

/**
 * Whether bundles can join an installation: what the OSGi resolver would find missing at the next
 * start, found before anything is copied, and what would make two contributions ambiguous.
 */
final class InstallationCheck {
    /** Packages the Java runtime provides through the system bundle, whatever the framework's own exports. */
    private static final List<String> RUNTIME_PACKAGES = List.of("java.", "javax.", "jdk.", "org.w3c.", "org.xml.", "org.ietf.");

    private InstallationCheck() {
    }

    /**
     * @param adding the bundles to install together
     * @param installed the installation's bundles
     * @param frameworkExports the packages the OSGi framework exports
     * @throws PluginInstallationException the first problem, in one line
     */
    static void check(Collection<BundleDescription> adding, List<BundleDescription> installed,
            List<BundleDescription.Export> frameworkExports) throws PluginInstallationException {
        Map<String, BundleDescription> bundles = new HashMap<>();
        Map<String, BundleDescription> contributors = new HashMap<>();
        for (BundleDescription bundle : installed) {
            bundles.put(bundle.symbolicName(), bundle);
            bundle.contributions().forEach(contribution -> contributors.putIfAbsent(contribution, bundle));
        }
        for (BundleDescription bundle : adding) {
            BundleDescription present = bundles.get(bundle.symbolicName());
            if (present != null) {
                throw new PluginInstallationException(bundle.symbolicName() + " is installed already (" + present.version()
                        + "): remove it first (perturba plugins remove " + bundle.symbolicName() + ")");
            }
            bundles.put(bundle.symbolicName(), bundle);
            for (String contribution : bundle.contributions()) {
                BundleDescription other = contributors.putIfAbsent(contribution, bundle);
                if (other != null) {
                    throw new PluginInstallationException(bundle + " contributes the " + describe(contribution) + ", which " + other
                            + " contributes already: ids are shared by all plug-ins");
                }
            }
        }
        List<BundleDescription.Export> exports = new ArrayList<>(frameworkExports);
        bundles.values().forEach(bundle -> exports.addAll(bundle.exportedPackages()));
        for (BundleDescription bundle : adding) {
            for (BundleDescription.Requirement required : bundle.requiredBundles()) {
                if (!required.optional()) {
                    requireBundle(bundle, required, Optional.ofNullable(bundles.get(required.name())));
                }
            }
            for (BundleDescription.Requirement imported : bundle.importedPackages()) {
                if (!imported.optional() && RUNTIME_PACKAGES.stream().noneMatch(imported.name()::startsWith)
                        && exports.stream().noneMatch(export -> export.name().equals(imported.name())
                                && imported.range().includes(export.version()))) {
                    throw new PluginInstallationException(bundle + " imports the package " + imported.name() + " " + imported.range()
                            + ", which no bundle of this installation exports");
                }
            }
        }
    }

    private static void requireBundle(BundleDescription bundle, BundleDescription.Requirement required, Optional<BundleDescription> found)
            throws PluginInstallationException {
        if (found.isEmpty()) {
            throw new PluginInstallationException(bundle + " needs the bundle " + required.name() + " " + required.range()
                    + ", which is neither installed nor among the bundles being installed");
        }
        Version version = found.get().version();
        if (!required.range().includes(version)) {
            Version lowest = required.range().getLeft();
            String which = version.compareTo(lowest) < 0 ? "a newer" : "an older";
            throw new PluginInstallationException(bundle + " needs " + required.name() + " " + required.range() + ", and this installation has "
                    + version + ": it was built for " + which + " Perturba");
        }
    }

    private static String describe(String contribution) {
        int colon = contribution.indexOf(':');
        return contribution.substring(0, colon) + " '" + contribution.substring(colon + 1) + "'";
    }
}
