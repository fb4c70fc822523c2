package dev.berth.filesharing.internal;

import java.nio.file.Path;

/**
 * One host change the watcher saw: what happened, to which path ({@code to} is a rename's new path, else null),
 * and whether the entry is a folder. {@link Kind#RESCAN} stands for changes that were lost (an inotify queue
 * overflow): everything under the path is replayed the old, coarse way.
 */
record Change(Kind kind, Path path, Path to, boolean directory) {
    enum Kind { CREATED, DELETED, MOVED, MODIFIED, ATTRIB, RESCAN }

    static Change of(Kind kind, Path path, boolean directory) {
        return new Change(kind, path, null, directory);
    }
}
