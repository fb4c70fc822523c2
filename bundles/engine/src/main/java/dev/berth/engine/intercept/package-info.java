/**
 * The hook through which a bundle sees and may answer Docker API requests on their way to the engine.
 *
 * <p>Exported from the engine bundle rather than kept in {@code berth.api}: an interceptor reads and answers
 * Netty's HTTP messages ({@code FullHttpRequest}, {@code FullHttpResponse}) as the proxy decoded them, and the API
 * bundle holds only plain interfaces and records with no third-party types. Copying each request into a record of
 * our own would cost a copy of every body the proxy inspects and give nothing a Netty message does not.
 */
@Export
@Version("1.0.0")
package dev.berth.engine.intercept;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
