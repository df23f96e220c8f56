package io.ordo.actors;

import io.ordo.protocol.checkpoint.Checkpoint;
import io.ordo.protocol.checkpoint.CheckpointStore;
import io.ordo.actors.state.ModelState;
import java.nio.file.Path;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Writes checkpoints to a {@link CheckpointStore} off the trainer's thread (run it on a blocking
 * dispatcher). Writes are atomic and in order; each success is reported to {@code replyTo}.
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
                    long t0 = System.nanoTime();
                    Path file = store.save(save.checkpoint());
                    save.replyTo().tell(new Supervisor.CheckpointWritten(save.checkpoint().step(), file,
                            (System.nanoTime() - t0) / 1e9, ModelState.meta(save.checkpoint()).lanePositions()));
                    return Behaviors.same();
                })
                .build();
    }
}
