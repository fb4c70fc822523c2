/**
 * HTTP/1.0 over a Unix socket, which the JDK's {@link java.net.http.HttpClient} cannot speak (it connects over TCP
 * only): the few calls the daemon's bundles make to the guest's Docker Engine through its host socket.
 */
@Version("1.0.0")
package dev.berth.nativeio.http;

import org.osgi.annotation.versioning.Version;
