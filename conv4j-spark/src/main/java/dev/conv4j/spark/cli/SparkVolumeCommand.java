package dev.conv4j.spark.cli;

import dev.conv4j.io.Npy;
import dev.conv4j.spark.Conv4jSpark;
import dev.conv4j.spark.VolumeJob;
import dev.conv4j.spark.VolumeOperation;
import dev.conv4j.spec.Boundary;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code conv4j spark volume IN.zarr (--kernel K | --filter W.npy ...) --output OUT.zarr}. */
@Command(name = "volume", mixinStandardHelpOptions = true,
        description = {"Filter (--kernel, as conv4j filter volume) or convolve (--filter, as conv4j conv) a Zarr v2/v3"
            + " volume [D,H,W] or [D,H,W,C] of any size into a new Zarr array of float32. The output's chunk grid is"
            + " cut into blocks of whole chunks, one Spark task each; a task reads only the input its block needs"
            + " (grown by the kernel's reach, the boundary rule applied at the array's edges) and writes only its"
            + " own chunks, each atomically. The values equal the single-JVM command's bit for bit.",
            "A rerun after a crash rewrites every chunk and completes the output."},
        footer = {"", "Examples:",
            "  conv4j spark volume scan.zarr --kernel gaussian3d:2 --output smooth.zarr --chunks 64,64,64 --codec zstd",
            "  conv4j spark volume scan.zarr --filter w.npy --strides 2 --dilations 1 --padding SAME --output features.zarr",
            "  conv4j spark volume scan.zarr --kernel sobel3d --boundary symmetric --output edges.zarr --master local[2]"})
public final class SparkVolumeCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Parameters(index = "0", paramLabel = "IN.zarr", description = "The input Zarr array (a directory with .zarray or zarr.json).")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.zarr", description = "Where to write the result.")
    Path output;

    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    static final class What {
        @Option(names = {"-k", "--kernel"}, paramLabel = "NAME",
                description = "A 3D kernel: gaussian3d:SIGMA, sobel3d, box3d:K, laplacian3d, identity, or a .npy [kd,kh,kw].")
        String kernel;

        @Option(names = "--filter", paramLabel = "W.npy", description = "A convolution filter [kd,kh,kw,C,O] (HWIO).")
        Path filter;
    }

    @Option(names = "--boundary", paramLabel = "B",
            description = "zero, reflect, symmetric, replicate, circular (default: reflect with --kernel, as conv4j filter;"
                + " zero with --filter, as conv4j conv).")
    String boundary;

    @Option(names = {"--convolve", "--flip"}, description = "Flip the kernel (true convolution).")
    boolean flip;

    @Option(names = "--strides", split = ",", paramLabel = "S", description = "With --filter: one stride, or one per axis (default 1).")
    int[] strides = {1};

    @Option(names = "--dilations", split = ",", paramLabel = "D", description = "With --filter: one dilation, or one per axis (default 1).")
    int[] dilations = {1};

    @Option(names = "--padding", paramLabel = "P", defaultValue = "VALID",
            description = "With --filter: SAME, VALID (default, as conv4j conv) or b0,a0,b1,a1,b2,a2.")
    String padding;

    @Option(names = "--chunks", split = ",", paramLabel = "D,H,W", description = "The output's chunk shape (default: the input's).")
    int[] chunks;

    @Option(names = "--codec", paramLabel = "C", description = "The output's compression: none, zlib (v2), gzip, zstd[:LEVEL] (default: the input's).")
    String codec;

    @Option(names = "--block-voxels", paramLabel = "N", defaultValue = "8388608",
            description = "Output voxels per task at most, in whole chunks (default ${DEFAULT-VALUE} = 32 MiB of float32).")
    long blockVoxels;

    @Mixin
    SparkOptions sparkOptions;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = command.commandLine().getOut();
        VolumeOperation op;
        if (what.kernel != null) {
            op = new VolumeOperation.Filter(what.kernel, Boundary.parse(boundary == null ? "reflect" : boundary), flip);
        } else {
            Tensor w = Npy.read(what.filter);
            op = new VolumeOperation.Convolution(w.data(), w.shape().dims(), strides, dilations, padding,
                    Boundary.parse(boundary == null ? "zero" : boundary), flip);
        }
        if (blockVoxels < 1) {
            throw new IllegalArgumentException("--block-voxels " + blockVoxels + " must be >= 1");
        }
        VolumeJob.Options options = VolumeJob.Options.defaults().withChunks(chunks).withCodec(codec).withBlockVoxels(blockVoxels);
        try (SparkSession spark = sparkOptions.session("conv4j spark volume")) {
            VolumeJob.Report r = Conv4jSpark.convolveZarr(spark, input, output, op, options);
            long voxels = r.voxelsWritten();
            out.printf(Locale.ROOT, "%s: %s -> %s %s%n", input, op.describe(), output, Arrays.toString(r.outputShape()));
            out.printf(Locale.ROOT, "  %d task(s), %d chunk(s), %.1f s, %.3g voxels/s (%s, %d task cpu(s))%n", r.tasks(),
                    r.chunks(), r.seconds(), voxels / Math.max(1e-9, r.seconds()), spark.sparkContext().master(),
                    spark.sparkContext().getConf().getInt("spark.task.cpus", 1));
            out.printf(Locale.ROOT, "  read %.3f input voxels per output voxel (halo); decoded %.3f chunk voxels per output voxel%n",
                    r.readAmplification(), r.chunkVoxelsDecoded() / (double) Math.max(1, voxels));
        }
        out.flush();
        return 0;
    }
}
