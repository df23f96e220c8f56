package io.ordo.actors;

import io.ordo.actors.report.CheckpointFailure;
import io.ordo.checkpoint.Checkpoint;
import io.ordo.checkpoint.CheckpointStore;
import io.ordo.actors.state.ModelState;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Writes checkpoints to a {@link CheckpointStore} off the trainer's thread (run it on a blocking
 * dispatcher). Writes are atomic and in order; each is reported to {@code replyTo}: a success as
 * {@link Supervisor.CheckpointWritten}, a failure (disk full, I/O error, read-only file system) as
 * {@link Supervisor.CheckpointFailed}. A failure changes nothing here: the next save tries again.
 */
public final class Checkpointer {
    /** Messages. */
    public sealed interface Command {
    }

    /** Write {@code checkpoint}; its sections must not change until then (send a snapshot). */
    public record Save(Checkpoint checkpoint, ActorRef<Supervisor.Event> replyTo) implements Command {
    }

    private Checkpointer() {
    }

    public static Behavior<Command> create(CheckpointStore store) {
        return Behaviors.receive(Command.class)
                .onMessage(Save.class, save -> {
                    long step = save.checkpoint().step();
                    long t0 = System.nanoTime();
                    Path file;
                    try {
                        file = store.save(save.checkpoint());
                    } catch (IOException | RuntimeException e) {
                        save.replyTo().tell(new Supervisor.CheckpointFailed(step, store.dir(), CheckpointFailure.reason(e)));
                        return Behaviors.same();
                    }
                    save.replyTo().tell(new Supervisor.CheckpointWritten(step, file, (System.nanoTime() - t0) / 1e9,
                            ModelState.meta(save.checkpoint()).lanePositions()));
                    return Behaviors.same();
                })
                .build();
    }
}
