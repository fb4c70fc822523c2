/** In-framework tests of the platform bundles, and of the VM bundle's wiring to other bundles. */
package dev.berth.platform.itest;
