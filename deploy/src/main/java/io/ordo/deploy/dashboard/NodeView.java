package io.ordo.deploy.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What the dashboard shows beside the metrics lines: a JSON snapshot of the node or of a run directory. */
public interface NodeView {
    /** The current snapshot ({@code mode} is {@code live} or {@code offline}). */
    ObjectNode snapshot();
}
