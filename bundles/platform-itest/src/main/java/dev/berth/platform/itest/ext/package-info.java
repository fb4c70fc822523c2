/** Classes copied into the extension bundles the extension test builds; never loaded from the test bundle itself. */
package dev.berth.platform.itest.ext;
