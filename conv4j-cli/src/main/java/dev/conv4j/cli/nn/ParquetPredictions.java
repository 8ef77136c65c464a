package dev.conv4j.cli.nn;

import dev.conv4j.cli.nn.PredictionColumns.Column;
import dev.conv4j.nn.predict.Prediction;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * Predictions as a Parquet file, written with parquet-java through its Hadoop-free configuration
 * into the stream {@code AtomicFiles} gives (so the file appears whole or not at all). Uncompressed:
 * parquet-java's codecs are native libraries (Snappy, zstd), which conv4j does not ship.
 */
final class ParquetPredictions implements PredictionSink {
    private final ParquetWriter<Group> writer;
    private final SimpleGroupFactory rows;
    private final List<Column> columns;

    ParquetPredictions(OutputStream out, List<Column> columns) throws IOException {
        this.columns = columns;
        Types.MessageTypeBuilder schema = Types.buildMessage();
        for (Column c : columns) {
            switch (c.type()) {
                case STRING -> schema.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(c.name());
                case INT -> schema.required(PrimitiveTypeName.INT32).named(c.name());
                case FLOAT -> schema.required(PrimitiveTypeName.FLOAT).named(c.name());
            }
        }
        MessageType type = schema.named("predictions");
        rows = new SimpleGroupFactory(type);
        writer = ExampleParquetWriter.builder(new StreamOutputFile(out)).withConf(new PlainParquetConfiguration())
                .withType(type).withCompressionCodec(CompressionCodecName.UNCOMPRESSED).build();
    }

    @Override
    public void write(Prediction p) throws IOException {
        Group row = rows.newGroup();
        for (Column c : columns) {
            Object v = c.value().apply(p);
            switch (c.type()) {
                case STRING -> row.append(c.name(), (String) v);
                case INT -> row.append(c.name(), (Integer) v);
                case FLOAT -> row.append(c.name(), (Float) v);
            }
        }
        writer.write(row);
    }

    @Override
    public void finish() throws IOException {
        writer.close();
    }

    /** An already open stream as parquet-java's output file: written once, front to back. */
    private record StreamOutputFile(OutputStream out) implements OutputFile {
        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return new PositionOutputStream() {
                private long position;

                @Override
                public long getPos() {
                    return position;
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    position++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    position += len;
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    out.flush();
                }
            };
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return create(blockSizeHint);
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }
    }
}
