package com.rostergate.verifier;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The module's runtime classpath, which is what the shade plugin packs into verifier-lambda.jar, has
 * none of the heavy HTTP stacks: the SDK talks through URLConnection, like the Kakao client.
 */
class LeanClasspathTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "io.netty.channel.Channel",
                "software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient",
                "software.amazon.awssdk.http.apache.ApacheHttpClient",
                "software.amazon.awssdk.http.apache5.Apache5HttpClient",
                "org.apache.http.client.HttpClient",
                "org.apache.hc.client5.http.classic.HttpClient",
                "com.univocity.parsers.csv.CsvParser",
                "org.apache.poi.xssf.eventusermodel.XSSFReader",
                "software.amazon.awssdk.services.s3.S3Client",
                "software.amazon.awssdk.services.sqs.SqsClient",
                "software.amazon.awssdk.services.eventbridge.EventBridgeClient"
            })
    void isNotOnTheClasspath(String className) {
        assertThrows(
                ClassNotFoundException.class,
                () -> Class.forName(className, false, getClass().getClassLoader()));
    }
}
