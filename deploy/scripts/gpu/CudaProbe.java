import static org.bytedeco.cuda.global.cublas.*;
import static org.bytedeco.cuda.global.cudart.*;
import static org.bytedeco.cuda.global.nvrtc.*;

import java.util.Random;
import org.bytedeco.cuda.cublas.cublasContext;
import org.bytedeco.cuda.cudart.CUevent_st;
import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUmod_st;
import org.bytedeco.cuda.cudart.cudaDeviceProp;
import org.bytedeco.cuda.nvrtc._nvrtcProgram;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * Checks, on a GPU machine, the building blocks that a device-resident Ordo kernels implementation
 * would stand on (docs/kernels.md), through JavaCPP's org.bytedeco:cuda presets and the machine's
 * own CUDA libraries:
 * <ol>
 *   <li>versions: driver, runtime, NVRTC, and the device;</li>
 *   <li>cuBLAS sgemm against a Java double reference (row-major, as Ordo's Mat);</li>
 *   <li>one training step's worth of linear-layer matmuls of the bench's 10m config
 *       (B8 T128 D384 H6 L6 V64: 1,024 rows), timed two ways: with every buffer resident on the
 *       device, and with each matmul's inputs copied up and its output copied back, which is what a
 *       host-kernel trainer with a GPU matmul (Ordo's -Pcuda build on nd4j-cuda) does;</li>
 *   <li>an elementwise kernel (GELU, tanh form) compiled at run time by NVRTC for the device's own
 *       architecture, launched, and checked against a Java double reference.</li>
 * </ol>
 * Prints one "key: value" line per fact. Needs no Ordo jar and no ND4J, only javacpp and cuda jars.
 */
public final class CudaProbe {
    private static final int ROWS = 8 * 128;
    private static final int D = 384;
    private static final int LAYERS = 6;
    private static final int VOCAB = 64;

    public static void main(String[] args) {
        int[] v = new int[1];
        check(cudaDriverGetVersion(v), "cudaDriverGetVersion");
        System.out.println("cuda_driver_api: " + version(v[0]));
        check(cudaRuntimeGetVersion(v), "cudaRuntimeGetVersion");
        System.out.println("cuda_runtime: " + version(v[0]));
        int[] major = new int[1];
        int[] minor = new int[1];
        nvrtcVersion(major, minor);
        System.out.println("nvrtc: " + major[0] + "." + minor[0]);
        cudaDeviceProp prop = new cudaDeviceProp();
        check(cudaGetDeviceProperties(prop, 0), "cudaGetDeviceProperties");
        int cc = prop.major() * 10 + prop.minor();
        System.out.println("device: " + prop.name().getString() + " cc " + prop.major() + "." + prop.minor() + ", "
                + prop.multiProcessorCount() + " SMs, " + (prop.totalGlobalMem() >> 20) + " MiB");

        cublasContext handle = new cublasContext();
        check(cublasCreate_v2(handle), "cublasCreate");
        System.out.printf("sgemm_max_abs_err_vs_java_double: %.3e (67x45x33, values in [-1,1])%n", gemmError(handle));

        int[][] shapes = stepShapes();
        double flops = 0;
        for (int[] s : shapes) {
            flops += 2.0 * s[0] * s[1] * s[2];
        }
        System.out.printf("step_gemms_10m: %d matmuls, %.2f GFLOP per step%n", shapes.length, flops / 1e9);
        double resident = residentMs(handle, shapes);
        System.out.printf("step_gemms_device_resident_ms: %.3f (%.1f TFLOP/s)%n", resident, flops / resident / 1e9);
        double copied = copiedMs(handle, shapes);
        System.out.printf("step_gemms_copy_per_op_ms: %.3f (%.1fx the resident time)%n", copied, copied / resident);
        check(cublasSetMathMode(handle, CUBLAS_TF32_TENSOR_OP_MATH), "cublasSetMathMode");
        double tf32 = residentMs(handle, shapes);
        System.out.printf("step_gemms_device_resident_tf32_ms: %.3f (%.1f TFLOP/s)%n", tf32, flops / tf32 / 1e9);

        geluByNvrtc(cc);
        System.out.println("cuda_probe: ok");
    }

    /** The 10m config's linear matmuls for one step, as {m, n, k}: forward, then dX and dW per linear. */
    static int[][] stepShapes() {
        int[][] linears = {{D, 3 * D}, {D, D}, {D, 4 * D}, {4 * D, D}};
        int[][] out = new int[LAYERS * linears.length * 3 + 3][];
        int i = 0;
        for (int l = 0; l < LAYERS; l++) {
            for (int[] w : linears) {
                out[i++] = new int[] {ROWS, w[1], w[0]};
                out[i++] = new int[] {ROWS, w[0], w[1]};
                out[i++] = new int[] {w[0], w[1], ROWS};
            }
        }
        out[i++] = new int[] {ROWS, VOCAB, D};
        out[i++] = new int[] {ROWS, D, VOCAB};
        out[i] = new int[] {D, VOCAB, ROWS};
        return out;
    }

    static double gemmError(cublasContext handle) {
        int m = 67;
        int n = 45;
        int k = 33;
        Random rnd = new Random(7);
        float[] a = random(rnd, m * k);
        float[] b = random(rnd, k * n);
        FloatPointer da = device(a.length);
        FloatPointer db = device(b.length);
        FloatPointer dc = device(m * n);
        up(da, a);
        up(db, b);
        // Row-major C = A B is column-major C^T = B^T A^T: swap the operands.
        check(cublasSgemm_v2(handle, CUBLAS_OP_N, CUBLAS_OP_N, n, m, k, new FloatPointer(1f), db, n, da, k,
                new FloatPointer(0f), dc, n), "cublasSgemm");
        float[] c = new float[m * n];
        down(dc, c);
        double max = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double ref = 0;
                for (int p = 0; p < k; p++) {
                    ref += (double) a[i * k + p] * b[p * n + j];
                }
                max = Math.max(max, Math.abs(ref - c[i * n + j]));
            }
        }
        free(da, db, dc);
        return max;
    }

    static double residentMs(cublasContext handle, int[][] shapes) {
        FloatPointer[][] bufs = allocate(shapes);
        Runnable step = () -> {
            for (int i = 0; i < shapes.length; i++) {
                gemm(handle, shapes[i], bufs[i]);
            }
        };
        double ms = timeMs(step, 5, 30);
        for (FloatPointer[] b : bufs) {
            free(b);
        }
        return ms;
    }

    static double copiedMs(cublasContext handle, int[][] shapes) {
        FloatPointer[][] bufs = allocate(shapes);
        FloatPointer[][] host = new FloatPointer[shapes.length][];
        for (int i = 0; i < shapes.length; i++) {
            int[] s = shapes[i];
            host[i] = new FloatPointer[] {new FloatPointer((long) s[0] * s[2]), new FloatPointer((long) s[2] * s[1]),
                new FloatPointer((long) s[0] * s[1])};
        }
        Runnable step = () -> {
            for (int i = 0; i < shapes.length; i++) {
                copy(bufs[i][0], host[i][0], cudaMemcpyHostToDevice);
                copy(bufs[i][1], host[i][1], cudaMemcpyHostToDevice);
                gemm(handle, shapes[i], bufs[i]);
                copy(host[i][2], bufs[i][2], cudaMemcpyDeviceToHost);
            }
        };
        double ms = timeMs(step, 3, 15);
        for (FloatPointer[] b : bufs) {
            free(b);
        }
        return ms;
    }

    static void geluByNvrtc(int cc) {
        String src = "extern \"C\" __global__ void gelu(const float* x, float* y, int n) {\n"
                + "  int i = blockIdx.x * blockDim.x + threadIdx.x;\n"
                + "  if (i < n) { float v = x[i];\n"
                + "    y[i] = 0.5f * v * (1.0f + tanhf(0.7978845608f * (v + 0.044715f * v * v * v))); }\n"
                + "}\n";
        step("nvrtc: create program");
        _nvrtcProgram prog = new _nvrtcProgram();
        checkNvrtc(nvrtcCreateProgram(prog, new BytePointer(src), new BytePointer("gelu.cu"), 0,
                (PointerPointer<?>) null, (PointerPointer<?>) null), "nvrtcCreateProgram");
        String arch = "--gpu-architecture=sm_" + cc;
        step("nvrtc: compile " + arch);
        // PointerPointer(Pointer) would cast, not wrap: build the char** from a String array.
        int rc = nvrtcCompileProgram(prog, 1, new PointerPointer<>(new String[] {arch}));
        if (rc != NVRTC_SUCCESS) {
            SizeTPointer logSize = new SizeTPointer(1);
            nvrtcGetProgramLogSize(prog, logSize);
            BytePointer log = new BytePointer(logSize.get());
            nvrtcGetProgramLog(prog, log);
            throw new IllegalStateException("NVRTC compile failed (" + arch + "): " + log.getString());
        }
        step("nvrtc: get cubin");
        SizeTPointer size = new SizeTPointer(1);
        checkNvrtc(nvrtcGetCUBINSize(prog, size), "nvrtcGetCUBINSize");
        BytePointer cubin = new BytePointer(size.get());
        checkNvrtc(nvrtcGetCUBIN(prog, cubin), "nvrtcGetCUBIN");
        System.out.println("nvrtc_cubin: " + arch + ", " + size.get() + " bytes");

        step("driver: load module");
        check(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
        CUmod_st module = new CUmod_st();
        checkDriver(cuModuleLoadData(module, cubin), "cuModuleLoadData");
        CUfunc_st fn = new CUfunc_st();
        checkDriver(cuModuleGetFunction(fn, module, "gelu"), "cuModuleGetFunction");

        int n = ROWS * 4 * D;
        float[] x = random(new Random(11), n);
        for (int i = 0; i < n; i++) {
            x[i] *= 4;
        }
        FloatPointer dx = device(n);
        FloatPointer dy = device(n);
        up(dx, x);
        // kernelParams[i] points at the i-th argument's value: for a device pointer, a host slot holding it.
        PointerPointer<?> params = new PointerPointer<>(slot(dx), slot(dy), new IntPointer(new int[] {n}));
        int block = 256;
        int grid = (n + block - 1) / block;
        Runnable launch = () -> checkDriver(cuLaunchKernel(fn, grid, 1, 1, block, 1, 1, 0, null, params, null),
                "cuLaunchKernel");
        double ms = timeMs(launch, 5, 100);
        float[] y = new float[n];
        down(dy, y);
        double max = 0;
        for (int i = 0; i < n; i++) {
            double v = x[i];
            double ref = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
            max = Math.max(max, Math.abs(ref - y[i]));
        }
        System.out.printf("nvrtc_gelu: %d elements, %.4f ms per launch (%.0f GB/s), max_abs_err_vs_java_double %.3e%n",
                n, ms, 8.0 * n / ms / 1e6, max);
        free(dx, dy);
    }

    static PointerPointer<?> slot(Pointer devicePointer) {
        PointerPointer<Pointer> slot = new PointerPointer<>(1L);
        slot.put(0, devicePointer);
        return slot;
    }

    /** Progress on stderr, so that a native crash shows which call it was in. */
    static void step(String what) {
        System.err.println("  ... " + what);
        System.err.flush();
    }

    static FloatPointer[][] allocate(int[][] shapes) {
        FloatPointer[][] bufs = new FloatPointer[shapes.length][];
        for (int i = 0; i < shapes.length; i++) {
            int[] s = shapes[i];
            bufs[i] = new FloatPointer[] {device((long) s[0] * s[2]), device((long) s[2] * s[1]), device((long) s[0] * s[1])};
        }
        return bufs;
    }

    static void gemm(cublasContext handle, int[] s, FloatPointer[] abc) {
        int m = s[0];
        int n = s[1];
        int k = s[2];
        check(cublasSgemm_v2(handle, CUBLAS_OP_N, CUBLAS_OP_N, n, m, k, ONE, abc[1], n, abc[0], k, ZERO, abc[2], n),
                "cublasSgemm");
    }

    private static final FloatPointer ONE = new FloatPointer(1f);
    private static final FloatPointer ZERO = new FloatPointer(0f);

    /** Median of {@code repeats} timed runs after {@code warmup} runs, by CUDA events on the default stream. */
    static double timeMs(Runnable work, int warmup, int repeats) {
        for (int i = 0; i < warmup; i++) {
            work.run();
        }
        check(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
        CUevent_st start = new CUevent_st();
        CUevent_st stop = new CUevent_st();
        check(cudaEventCreate(start), "cudaEventCreate");
        check(cudaEventCreate(stop), "cudaEventCreate");
        float[] times = new float[repeats];
        float[] ms = new float[1];
        for (int r = 0; r < repeats; r++) {
            check(cudaEventRecord(start, null), "cudaEventRecord");
            work.run();
            check(cudaEventRecord(stop, null), "cudaEventRecord");
            check(cudaEventSynchronize(stop), "cudaEventSynchronize");
            check(cudaEventElapsedTime(ms, start, stop), "cudaEventElapsedTime");
            times[r] = ms[0];
        }
        java.util.Arrays.sort(times);
        return times[repeats / 2];
    }

    static FloatPointer device(long floats) {
        FloatPointer p = new FloatPointer();
        check(cudaMalloc(p, floats * Float.BYTES), "cudaMalloc");
        p.capacity(floats).limit(floats);
        return p;
    }

    static void up(FloatPointer dst, float[] src) {
        FloatPointer host = new FloatPointer(src);
        check(cudaMemcpy(dst, host, (long) src.length * Float.BYTES, cudaMemcpyHostToDevice), "cudaMemcpy");
        host.close();
    }

    static void down(FloatPointer src, float[] dst) {
        FloatPointer host = new FloatPointer(dst.length);
        check(cudaMemcpy(host, src, (long) dst.length * Float.BYTES, cudaMemcpyDeviceToHost), "cudaMemcpy");
        host.get(dst);
        host.close();
    }

    static void copy(FloatPointer dst, FloatPointer src, int kind) {
        check(cudaMemcpy(dst, src, src.capacity() * Float.BYTES, kind), "cudaMemcpy");
    }

    static void free(Pointer... ps) {
        for (Pointer p : ps) {
            cudaFree(p);
        }
    }

    static float[] random(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextFloat() * 2 - 1;
        }
        return a;
    }

    static String version(int v) {
        return (v / 1000) + "." + (v % 1000) / 10;
    }

    static void check(int rc, String what) {
        if (rc != 0) {
            throw new IllegalStateException(what + " failed: " + rc + " " + cudaGetErrorString(rc).getString());
        }
    }

    static void checkDriver(int rc, String what) {
        if (rc != 0) {
            throw new IllegalStateException(what + " failed: CUresult " + rc);
        }
    }

    static void checkNvrtc(int rc, String what) {
        if (rc != NVRTC_SUCCESS) {
            throw new IllegalStateException(what + " failed: " + nvrtcGetErrorString(rc).getString());
        }
    }
}
