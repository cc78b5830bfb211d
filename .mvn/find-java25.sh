# Sourced by ./ffnn and bench/run: sets java_bin to the newest java of version 25 or later, looking where
# the Maven toolchains plugin looks (JAVA_HOME, /usr/lib/jvm, /opt/java, ~/.sdkman, ~/.jdks, then PATH);
# prints one clear message and exits 2 when there is none.
# A JDK's feature version from the `release` file in its home (every JDK since 9 has one; reading it costs
# nothing, where asking each candidate java costs a JVM start, ~0.2 s, on every ./ffnn run); the java
# itself is asked only where there is none.
java_feature() {
  local home
  home="$(dirname "$(dirname "$(readlink -f "$1")")")"
  if [ -f "$home/release" ] && grep -q '^JAVA_VERSION="' "$home/release"; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release"
  else
    "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
  fi
}
java_bin=""
_best=0
_candidates=()
[ -n "${JAVA_HOME:-}" ] && _candidates+=("$JAVA_HOME/bin/java")
for _d in /usr/lib/jvm/* /opt/java/* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
  [ -x "$_d/bin/java" ] && _candidates+=("$_d/bin/java")
done
command -v java >/dev/null 2>&1 && _candidates+=("$(command -v java)")
for _j in "${_candidates[@]}"; do
  _v="$(java_feature "$_j" || true)"
  [[ "$_v" =~ ^[0-9]+$ ]] || continue
  if [ "$_v" -ge 25 ] && [ "$_v" -gt "$_best" ]; then java_bin="$_j"; _best="$_v"; fi
done
if [ -z "$java_bin" ]; then
  echo "ffnn-vector needs a JDK 25 or newer; none found (JAVA_HOME, /usr/lib/jvm, /opt/java, ~/.sdkman, ~/.jdks, PATH)" >&2
  exit 2
fi
