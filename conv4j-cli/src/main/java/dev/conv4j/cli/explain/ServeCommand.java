package dev.conv4j.cli.explain;

import dev.conv4j.explain.network.NetworkView;
import dev.conv4j.explain.web.ExplainServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code serve [--port P]}: the interactive explainer on 127.0.0.1 until interrupted (Ctrl-C). */
@Command(name = "serve",
        description = "Serve the interactive explainer on 127.0.0.1 (loopback only) until Ctrl-C: choose rank, sizes,"
                + " stride, padding, dilation, groups and watch the shapes, pads and pictures; upload an image or a"
                + " CSV signal and see each filter's output computed by conv4j.")
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Option(names = "--port", paramLabel = "P", defaultValue = "8765",
            description = "TCP port on 127.0.0.1 (default 8765; 0 picks a free one).")
    int port;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Also show the network view of a model saved by 'conv4j train --output DIR'.")
    Path model;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port " + port + " is outside 0..65535");
        }
        NetworkView.Saved saved = model == null ? null : NetworkView.load(model);
        PrintWriter out = command.commandLine().getOut();
        CountDownLatch stopped = new CountDownLatch(1);
        try (ExplainServer server = ExplainServer.start(port)) {
            if (saved != null) {
                server.withModel(saved);
            }
            Thread hook = new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "conv4j-serve-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            out.println("conv4j explains at " + server.uri() + " (loopback only; Ctrl-C stops it)");
            out.flush();
            stopped.await();
        }
        return 0;
    }
}
