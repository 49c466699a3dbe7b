# Sourced by the install and test scripts: finds a JDK 25 (or newer) and exports JAVA_HOME and JAVA.
# Order: $JAVA_HOME if it is 25+, then /usr/lib/jvm/*, then the java on PATH.
# The machine's default java may be older (17): say so clearly instead of failing later.

java_feature() { # prints the feature version of the java binary $1 (17, 25, ...), or nothing
    "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1
}

find_jdk25() {
    local candidate version seen=""
    for candidate in ${JAVA_HOME:+"$JAVA_HOME"} /usr/lib/jvm/* "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
        [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
        version=$(java_feature "$candidate/bin/java")
        seen="$seen\n  $candidate (java $version)"
        if [ -n "$version" ] && [ "${version%%.*}" -ge 25 ] 2>/dev/null; then
            export JAVA_HOME="$candidate"
            export JAVA="$candidate/bin/java"
            return 0
        fi
    done
    printf 'jasyncio needs a JDK 25 or newer (it runs coroutines on JDK 25 continuations).\nFound only:%b\nInstall one (e.g. Temurin 25 under /usr/lib/jvm) or point JAVA_HOME at it.\n' "${seen:- nothing}" >&2
    return 1
}

find_jdk25
