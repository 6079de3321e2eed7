#!/usr/bin/env bash
# Regenerates the Bundle-ClassPath and Export-Package headers of org.perturba.dl4j from the jars
# that Maven copied into its lib/ folder. Run after changing the DL4J/ND4J version:
#   ./mvnw -B -q initialize -pl bundles/org.perturba.dl4j && releng/scripts/update-dl4j-manifest.sh
set -euo pipefail
bundle="$(cd "$(dirname "$0")/../../bundles/org.perturba.dl4j" && pwd)"
lib="$bundle/lib"
[ -d "$lib" ] || { echo "no $lib: run ./mvnw initialize -pl bundles/org.perturba.dl4j first" >&2; exit 1; }

# Packages of DL4J/ND4J that downstream bundles and research plug-ins may use, versioned as the
# library is (1.0.0-M2.1 as 1.0.0.M2_1); the bundle's own package as the bundle.
dl4j_version="$(sed -n 's|.*<dl4j.version>\(.*\)</dl4j.version>.*|\1|p' "$bundle/pom.xml")"
library_version="$(echo "$dl4j_version" | sed 's/-/./; s/\./_/4')"
api_jars="deeplearning4j-nn deeplearning4j-utility-iterators nd4j-api nd4j-common nd4j-native-api nd4j-native"

fold() { # one manifest header value, split into continuation lines
  local header="$1"; shift
  local first=1
  for item in "$@"; do
    if [ $first = 1 ]; then printf '%s: %s' "$header" "$item"; first=0; else printf ',\n %s' "$item"; fi
  done
  printf '\n'
}

jars=(.)
for jar in $(cd "$lib" && ls *.jar | sort); do jars+=("lib/$jar"); done
# The CUDA backend's jars, present only in builds with -Pcuda (Equinox skips absent entries).
cuda_jars="cuda cuda-linux-x86_64 nd4j-cuda-11.6 nd4j-cuda-11.6-linux-x86_64 nd4j-cuda-11.6-preset nd4j-cuda-11.6-preset-linux-x86_64"
for name in $cuda_jars; do jars+=("lib-cuda/$name.jar"); done
packages=()
for name in $api_jars; do
  packages+=($(jar tf "$lib/$name.jar" | grep '\.class$' | grep -v '^META-INF' | sed 's|/[^/]*$||' | tr / .))
done
mapfile -t packages < <(printf '%s\n' "${packages[@]}" | sort -u | sed "s/\$/;version=\"$library_version\"/")

{
  cat <<'HEAD'
Manifest-Version: 1.0
Bundle-ManifestVersion: 2
Bundle-Name: Perturba DL4J/ND4J library (CPU, oneDNN)
Bundle-SymbolicName: org.perturba.dl4j
Bundle-Version: 0.1.0.qualifier
Bundle-Vendor: Perturba
Bundle-RequiredExecutionEnvironment: JavaSE-17
Automatic-Module-Name: org.perturba.dl4j
Eclipse-BundleShape: dir
Import-Package: javax.management,
 javax.management.openmbean
DynamicImport-Package: *
Bundle-ActivationPolicy: lazy
HEAD
  fold Bundle-ClassPath "${jars[@]}"
  fold Export-Package 'org.perturba.dl4j;version="0.1.0"' "${packages[@]}"
} > "$bundle/META-INF/MANIFEST.MF"
echo "wrote $bundle/META-INF/MANIFEST.MF: ${#jars[@]} class path entries, ${#packages[@]} packages"
