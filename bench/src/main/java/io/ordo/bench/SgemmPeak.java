package io.ordo.bench;

import io.ordo.model.tensor.Blas;
import io.ordo.model.tensor.Mat;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The machine's sgemm peak through {@link Blas} (OpenBLAS cblas_sgemm, the path the model's
 * matmuls take): the best median GFLOP/s over square sizes, at the thread count OpenBLAS was
 * started with ({@code OMP_NUM_THREADS}). The denominator of model FLOPs utilisation.
 */
@Command(name = "sgemm-peak", mixinStandardHelpOptions = true,
        description = "Best sgemm GFLOP/s through Blas at OMP_NUM_THREADS threads; prints a RESULT line.")
public final class SgemmPeak implements Callable<Integer> {
    @Option(names = "--sizes", split = ",", defaultValue = "256,512,1024", description = "square M=N=K sizes")
    int[] sizes;
    @Option(names = "--millis", defaultValue = "1500", description = "time spent per size")
    long millis;

    /** Best median GFLOP/s over the sizes. */
    public static double measure(int[] sizes, long millisPerSize) {
        double best = 0;
        for (int n : sizes) {
            Mat a = Mat.zeros(DataType.FLOAT, n, n);
            Mat b = Mat.zeros(DataType.FLOAT, n, n);
            Mat c = Mat.zeros(DataType.FLOAT, n, n);
            for (int i = 0; i < n * n; i++) {
                a.setFlat(i, (i % 7) * 0.1);
                b.setFlat(i, (i % 5) * 0.1);
            }
            Blas.gemm(a, false, b, false, c, 1.0, 0.0); // warm-up
            double[] gflops = new double[4096];
            int runs = 0;
            long end = System.nanoTime() + millisPerSize * 1_000_000L;
            while ((runs < 5 || System.nanoTime() < end) && runs < gflops.length) {
                long t0 = System.nanoTime();
                Blas.gemm(a, false, b, false, c, 1.0, 0.0);
                gflops[runs++] = 2.0 * n * n * n / (System.nanoTime() - t0);
            }
            double[] got = Arrays.copyOf(gflops, runs);
            Arrays.sort(got);
            best = Math.max(best, got[runs / 2]);
        }
        return best;
    }

    @Override
    public Integer call() {
        double gflops = measure(sizes, millis);
        System.out.printf("RESULT sgemm_gflops=%.1f threads=%s%n", gflops, System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        return 0;
    }
}
