package io.ordo.deploy.experiment;

import java.util.List;

/**
 * A reference experiment: arms compared at one shared budget, in a full size (the published-style
 * comparison, minutes to hours on 2 cores) and a {@code --quick} size (a pipeline check of a minute
 * or two).
 *
 * @param name        the name on the command line
 * @param summary     one line for {@code --help} and the results header
 * @param arms        every arm, in the order they run and are reported
 * @param full        the default budget
 * @param quick       the {@code --quick} budget
 * @param bundledText a text corpus shipped in the jar (resource name next to this class) used when no
 *                    {@code task} key is set, or null for generated tasks
 * @param probe       what to measure on each arm's final model beyond the evaluations, or null
 */
public record Experiment(String name, String summary, List<Arm> arms, Budget full, Budget quick, String bundledText,
                         ArmProbe probe) {

    public Experiment {
        arms = List.copyOf(arms);
        if (arms.isEmpty()) {
            throw new IllegalArgumentException("experiment " + name + " has no arms");
        }
    }

    /** The arms named in {@code names} (all when empty), in this experiment's order. */
    public List<Arm> select(List<String> names) {
        if (names == null || names.isEmpty()) {
            return arms;
        }
        List<String> known = arms.stream().map(Arm::name).toList();
        for (String n : names) {
            if (!known.contains(n.trim())) {
                throw new IllegalArgumentException("experiment " + name + " has no arm '" + n.trim() + "'; arms: "
                        + String.join(", ", known));
            }
        }
        return arms.stream().filter(a -> names.stream().anyMatch(n -> n.trim().equals(a.name()))).toList();
    }
}
