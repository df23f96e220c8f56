package io.ordo.streams;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One actor system per test class, plus a helper to collect a finite source. */
public abstract class StreamTest {

    protected static ActorSystem system;
    protected static Materializer mat;

    @BeforeAll
    static void startSystem() {
        system = ActorSystem.create("streams-test");
        mat = Materializer.matFromSystem(system);
    }

    @AfterAll
    static void stopSystem() {
        TestKit.shutdownActorSystem(system);
        system = null;
    }

    /** Runs {@code source} to completion (at most 20 s) and returns its elements. */
    protected static <T> List<T> collect(Source<T, ?> source) throws Exception {
        return source.runWith(Sink.seq(), mat).toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
}
