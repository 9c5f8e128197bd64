package dev.ecli.runner.sink;

import dev.ecli.runner.output.JsonSink;
import dev.ecli.runner.output.Sink;
import java.io.OutputStream;
import java.util.function.Function;

/** Makes a sink from its {@code --sink} URI. */
public final class Sinks {
    private Sinks() {}

    /** A checked {@code --sink} URI, opened once the run's streams are known. */
    public interface Opener {
        /** The URI as given. */
        String uri();

        /**
         * Connects (or starts connecting) and returns the sink.
         * @param json makes the JSON writer {@code -o json} would use, over a stream, flushing
         *             after each event
         * @throws SinkUriException when the destination's client refuses the settings
         */
        Sink open(Function<OutputStream, JsonSink> json) throws SinkUriException;
    }

    /**
     * Every server's name resolves now, so a misspelt host is a usage error before any program
     * is loaded rather than a client that retries forever (an address that resolves but does
     * not answer is the sink's own trouble line, as a broker outage is).
     */
    private static void resolvable(SinkUri u) throws SinkUriException {
        for (SinkUri.Server s : u.servers()) {
            try {
                java.net.InetAddress.getAllByName(s.host());
            } catch (java.net.UnknownHostException | SecurityException e) {
                throw new SinkUriException("cannot resolve host '" + s.host() + "'");
            }
        }
    }

    /**
     * Checks {@code uri} and returns what opens it. Supported: {@code kafka://HOST:PORT/TOPIC}
     * (see {@link KafkaSettings}).
     * @throws SinkUriException with a one-line reason
     */
    public static Opener parse(String uri) throws SinkUriException {
        SinkUri u = SinkUri.parse(uri);
        if (!u.scheme().equals(KafkaSettings.SCHEME)) {
            throw new SinkUriException("unknown scheme '" + u.scheme() + "' (supported: " + KafkaSettings.SCHEME
                    + "://HOST:PORT/TOPIC)");
        }
        KafkaSettings settings = KafkaSettings.of(u);
        resolvable(u);
        String label = KafkaSettings.SCHEME + "://" + settings.servers() + "/" + settings.topic();
        return new Opener() {
            @Override
            public String uri() {
                return uri;
            }

            @Override
            public Sink open(Function<OutputStream, JsonSink> json) throws SinkUriException {
                return KafkaSink.open(settings, label, json);
            }
        };
    }
}
