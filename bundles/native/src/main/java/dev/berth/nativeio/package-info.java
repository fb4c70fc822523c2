/**
 * The native calls Berth makes (C library functions and Linux system calls), bound with the Foreign Function and
 * Memory API. A JVM that makes them needs {@code --enable-native-access=ALL-UNNAMED} (or the jar manifest's
 * {@code Enable-Native-Access}), else the JDK warns at the first call.
 */
@Version("1.1.0")
package dev.berth.nativeio;

import org.osgi.annotation.versioning.Version;
