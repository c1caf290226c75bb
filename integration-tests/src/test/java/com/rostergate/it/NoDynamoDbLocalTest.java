package com.rostergate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Amazon DynamoDB Local is not open source: neither it nor its native SQLite binding may be on the classpath of
 * anything the project runs (this module's test classpath holds the stack, the CLI and every function). The
 * parent pom's enforcer rule refuses them in every module's dependencies; this checks what is actually loaded.
 */
class NoDynamoDbLocalTest {

    @Test
    void neitherDynamoDbLocalNorSqlite4javaIsOnTheClasspath() {
        List<String> entries = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> {
                    String name = entry.toLowerCase(Locale.ROOT);
                    return name.contains("dynamodblocal") || name.contains("sqlite4java");
                })
                .toList();
        assertEquals(List.of(), entries);
        for (String type : List.of(
                "com.amazonaws.services.dynamodbv2.local.main.ServerRunner",
                "com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer",
                "com.almworks.sqlite4java.SQLite")) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(type), type);
        }
    }
}
