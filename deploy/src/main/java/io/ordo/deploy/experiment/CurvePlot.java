package io.ordo.deploy.experiment;

import io.ordo.actors.EvalResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code curves.png}: learning curves side by side, one line per arm (mean over seeds at each
 * evaluated step): exact-match accuracy in % or held-out perplexity, and held-out NTP loss (nats
 * per target token, comparable across objectives), both against the optimizer step.
 */
public final class CurvePlot {
    private CurvePlot() {
    }

    /** Writes the PNG to {@code file} (headless AWT); {@code title} heads both charts. */
    public static void write(List<ArmResult> results, String title, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        boolean text = results.get(0).isText();
        String y = text ? "held-out perplexity" : "exact match (%)";
        XYChart metric = chart(title + ": " + y, y);
        XYChart loss = chart(title + ": held-out NTP loss", "held-out NTP loss (nats/token)");
        for (Map.Entry<String, List<ArmResult>> arm : byArm(results).entrySet()) {
            TreeMap<Long, double[]> m = meanByStep(arm.getValue(), text);
            List<Double> steps = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            List<Double> ntp = new ArrayList<>();
            m.forEach((step, v) -> {
                steps.add((double) step);
                ys.add(v[0]);
                ntp.add(v[1]);
            });
            metric.addSeries(arm.getKey(), steps, ys).setMarker(SeriesMarkers.CIRCLE);
            loss.addSeries(arm.getKey(), steps, ntp).setMarker(SeriesMarkers.CIRCLE);
        }
        BitmapEncoder.saveBitmap(List.of(metric, loss), 1, 2, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static XYChart chart(String title, String y) {
        XYChart c = new XYChartBuilder().width(640).height(440).title(title).xAxisTitle("step").yAxisTitle(y).build();
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        c.getStyler().setMarkerSize(5);
        return c;
    }

    private static Map<String, List<ArmResult>> byArm(List<ArmResult> results) {
        Map<String, List<ArmResult>> m = new LinkedHashMap<>();
        results.forEach(r -> m.computeIfAbsent(r.arm(), k -> new ArrayList<>()).add(r));
        return m;
    }

    /** step -> {mean metric (accuracy in % or perplexity), mean held-out NTP loss} over the seeds that evaluated it. */
    private static TreeMap<Long, double[]> meanByStep(List<ArmResult> seeds, boolean text) {
        TreeMap<Long, double[]> sum = new TreeMap<>();
        for (ArmResult r : seeds) {
            for (EvalResult e : r.curve()) {
                double[] s = sum.computeIfAbsent(e.step(), k -> new double[3]);
                s[0] += text ? e.perplexity() : 100 * e.accuracy();
                s[1] += e.ntp();
                s[2]++;
            }
        }
        sum.values().forEach(s -> {
            s[0] /= s[2];
            s[1] /= s[2];
        });
        return sum;
    }
}
