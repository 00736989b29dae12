package org.mmedpo.ingest.blob;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SigV4Test {

  /** The "GET Object" example of the AWS Signature Version 4 documentation for S3. */
  @Test
  void shouldReproduceTheDocumentedGetObjectSignature() {
    SigV4 signer = new SigV4("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1");
    String empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    String authorization = signer.authorization("GET", "/test.txt", "", Map.of(
        "Host", "examplebucket.s3.amazonaws.com",
        "Range", "bytes=0-9",
        "x-amz-content-sha256", empty,
        "x-amz-date", "20130524T000000Z"), empty, ZonedDateTime.of(2013, 5, 24, 0, 0, 0, 0, ZoneOffset.UTC));
    assertThat(authorization).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
        + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
        + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  }

  @Test
  void shouldEncodePathsLikeS3() {
    assertThat(SigV4.encodePath("/b/a b/ü~.-_/x")).isEqualTo("/b/a%20b/%C3%BC~.-_/x");
  }
}
