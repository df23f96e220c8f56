package io.ordo.deploy.experiment;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An {@code experiment.json} written by ordo 0.1 (flat budget keys) still resumes with the same settings. */
class ExperimentSettingsTest {
    @Test
    void shouldResumeAnExperimentWhoseSettingsHaveFlatKeys(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(ExperimentSettings.NAME), """
                {"experiment":"stargraph","arms":["top"],"seeds":[1],"budget":{"objective":"ntp","d-model":64,
                "layers":3,"heads":4,"lr":0.003,"task":"stargraph:2,3,20","batch":32,"steps":200,"eval-every":50,
                "eval-examples":200}}
                """);
        Experiment e = Experiments.byName("stargraph");
        new ExperimentSettings("stargraph", e.quick(), List.of("top")).checkSameAs(dir);
        var other = new ExperimentSettings("stargraph", e.quick().with(java.util.Map.of("model.d-model", 32)),
                List.of("top"));
        var x = assertThrows(IllegalArgumentException.class, () -> other.checkSameAs(dir));
        assertTrue(x.getMessage().contains("model.d-model is 32 in this command but 64"), x.getMessage());
    }
}
