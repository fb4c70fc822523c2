/** In-framework tests of the platform bundles. */
package dev.berth.platform.itest;
