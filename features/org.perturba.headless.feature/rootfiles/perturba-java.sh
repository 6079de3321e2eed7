# Sourced by the launcher scripts of this installation (perturba, perturba-workbench) after they set
# $here: finds Java and the Equinox launcher, prepares the native libraries' environment and defines
# run_java. JAVA_HOME or PATH must give Java 17+.
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
for launcher in "$here"/plugins/org.eclipse.equinox.launcher_*.jar; do :; done
# ND4J's OpenMP threads spin while waiting unless told otherwise: 5-20x slower on shared cores.
OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
export OMP_WAIT_POLICY
# glibc gives each thread that allocates its own malloc arena (up to 8 per core) and keeps freed
# memory there; ND4J arrays are allocated by OpenMP threads and freed by ND4J's deallocator thread,
# so memory freed in one arena is reused unevenly: a 16³ gradient loop's RSS crept from 450 to
# ~480 MB over 1,000 steps before levelling off; with two arenas it stayed within 437-457 MB.
MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
export MALLOC_ARENA_MAX
# ND4J backend: PERTURBA_BACKEND=cpu (default) or cuda (a build made with -Pcuda, on a machine with
# an NVIDIA driver, CUDA 11.6 and cuDNN 8.3). ND4J takes the available backend of highest priority.
case "${PERTURBA_BACKEND:=cpu}" in
  cpu) BACKEND_PRIORITY_CPU=100; BACKEND_PRIORITY_GPU=0 ;;
  cuda) BACKEND_PRIORITY_CPU=0; BACKEND_PRIORITY_GPU=100 ;;
  *) echo "perturba: PERTURBA_BACKEND must be cpu or cuda, not '$PERTURBA_BACKEND'" >&2; exit 2 ;;
esac
export PERTURBA_BACKEND BACKEND_PRIORITY_CPU BACKEND_PRIORITY_GPU

# Replaces the shell with Java: the JVM options of PERTURBA_JAVA_OPTS, then the arguments given.
# PERTURBA_JAVA_OPTS is split into words as a command line is, but nothing in it is run or expanded
# (xargs does the splitting): blanks separate words, '...' and "..." keep blanks in a word and \
# escapes one character, e.g. PERTURBA_JAVA_OPTS='-Xmx8g -Dorg.bytedeco.javacpp.cachedir="/my cache"'.
# A word cannot hold a newline.
run_java() {
  java_options=$(printf '%s' "${PERTURBA_JAVA_OPTS:-}" | xargs -r printf '%s\n' 2>/dev/null) || {
    echo "perturba: PERTURBA_JAVA_OPTS has an unmatched quote: $PERTURBA_JAVA_OPTS" >&2
    exit 2
  }
  IFS='
'
  set -f
  # shellcheck disable=SC2086 # split at newlines only, one JVM option a line, no globbing
  exec "$java" $java_options "$@"
}
