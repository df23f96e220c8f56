package io.ordo.streams.live;

import io.ordo.streams.pack.PackedRow;

/**
 * A packed training window and the lane it was read from; its {@code next} cursor is that lane's
 * position once the window is trained.
 *
 * @param lane {@link Lane#key()}
 * @param row  the window
 */
public record LaneRow(String lane, PackedRow row) {
}
