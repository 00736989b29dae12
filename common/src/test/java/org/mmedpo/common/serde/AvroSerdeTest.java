package org.mmedpo.common.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.specific.SpecificData;
import java.time.temporal.ChronoUnit;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.mmedpo.events.DispreferenceKind;
import org.mmedpo.events.ImageRef;
import org.mmedpo.events.ImageReportPair;
import org.mmedpo.events.IngestProvenance;
import org.mmedpo.events.ItemType;
import org.mmedpo.events.PreferenceSample;
import org.mmedpo.events.ReferenceLogps;
import org.mmedpo.events.SampleProvenance;
import org.mmedpo.events.WeightScheme;
import org.mmedpo.schemas.EventContract;

class AvroSerdeTest {

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final AvroSerde<PreferenceSample> serde =
      AvroSerde.of(new CachedSchemaRegistry(registry.client(), true), EventContract.PREFERENCES);

  @Test
  void shouldRoundTripInTheConfluentWireFormat() {
    PreferenceSample sample = sample();
    byte[] bytes = serde.serialize("mmedpo.preferences.v1", sample);

    assertThat(bytes[0]).isEqualTo((byte) 0);
    int id = ConfluentWireFormat.schemaId(bytes);
    assertThat(registry.subjectOf(id)).isEqualTo("mmedpo.preferences.v1-value");
    assertThat(serde.deserialize("mmedpo.preferences.v1", bytes)).isEqualTo(sample);
  }

  @Test
  void shouldReadEventsWrittenWithAnOlderSchema() throws Exception {
    // An older writer whose schema lacked the optional 'imported' and 'reference' fields.
    Schema current = PreferenceSample.getClassSchema();
    List<Schema.Field> fields = current.getFields().stream()
        .filter(f -> !f.name().equals("imported") && !f.name().equals("reference"))
        .map(f -> new Schema.Field(f, f.schema()))
        .toList();
    Schema older = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(),
        false, fields);
    int id = registry.register("t-value", older);

    PreferenceSample sample = sample();
    GenericRecord record = new GenericData.Record(older);
    for (Schema.Field field : fields) {
      record.put(field.name(), sample.get(field.name()));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {0, 0, 0, 0, (byte) id});
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    SpecificData model = new SpecificData();
    model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
    new GenericDatumWriter<GenericRecord>(older, model).write(record, encoder);

    PreferenceSample read = serde.deserialize("t", out.toByteArray());
    assertThat(read.getImported()).isNull();
    assertThat(read.getReference()).isNull();
    assertThat(read.getRejectedText()).isEqualTo(sample.getRejectedText());
    assertThat(read.getWeight()).isEqualTo(1.1);
  }

  @Test
  void shouldRoundTripLogicalTypesInsideUnions() {
    // studyDate is a union of null and a date: the generated model's conversions must be used.
    AvroSerde<ImageReportPair> pairs =
        AvroSerde.of(new CachedSchemaRegistry(registry.client(), true), EventContract.PAIRS);
    ImageReportPair pair = ImageReportPair.newBuilder()
        .setPairId("p").setStudyPseudonym("s").setModality("DX")
        .setImage(sample().getChosenImage()).setFindings("Clear lungs.").setImpression("Normal.")
        .setProvenance(IngestProvenance.newBuilder().setExportId("e").setSourceName("f")
            .setSourceSha256("0".repeat(64)).setIngestor("test").build())
        .setStudyDate(LocalDate.of(2024, 2, 29))
        .setIngestedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
        .build();
    assertThat(pairs.deserialize("pairs", pairs.serialize("pairs", pair))).isEqualTo(pair);
  }

  @Test
  void shouldRejectBytesThatAreNotInTheWireFormat() {
    assertThatThrownBy(() -> serde.deserialize("t", "{\"json\":1}".getBytes()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("magic byte 0x7b");
    assertThatThrownBy(() -> serde.deserialize("t", new byte[] {0, 0}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("shorter than the 5-byte header");
  }

  @Test
  void shouldRejectTruncatedAvro() {
    byte[] bytes = serde.serialize("t", sample());
    byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length / 2);
    assertThatThrownBy(() -> serde.deserialize("t", truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("cannot decode PreferenceSample");
  }

  @Test
  void shouldKeepNullsAsTombstones() {
    assertThat(serde.serialize("t", null)).isNull();
    assertThat(serde.deserialize("t", null)).isNull();
  }

  static PreferenceSample sample() {
    ImageRef image = ImageRef.newBuilder().setUri("file:/blobs/ab/cd/abcd").setSha256("ab".repeat(32))
        .setWidth(512).setHeight(512).setBitsStored(16).setModality("DX").build();
    return PreferenceSample.newBuilder()
        .setSampleId("s-1").setKind(DispreferenceKind.TEXT_HALLUCINATION).setItemType(ItemType.VQA_CLOSED)
        .setPrompt("Is there a pneumothorax?").setChosenText("Yes")
        .setChosenImage(image).setRejectedImage(image)
        .setRejectedText("No, the lungs are fully expanded without a pneumothorax.")
        .setRawScore(0.9).setWeight(1.1).setWeightScheme(WeightScheme.PAPER)
        .setReference(new ReferenceLogps(-3.5, -20.25, "base-1"))
        .setProvenance(SampleProvenance.newBuilder().setSource("streams").setPairId("p-1").build())
        .setCreatedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
        .build();
  }
}
