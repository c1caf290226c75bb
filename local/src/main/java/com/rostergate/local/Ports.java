package com.rostergate.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** The stack's listening ports; 0 means any free port. */
public record Ports(
        int dynamoDb, int sqs, int s3, int httpApi, int kakao, int cloudFormation, int events, int secretsManager) {

    public static final Ports DEFAULTS = new Ports(8000, 9324, 9000, 3000, 8089, 4581, 4587, 4584);
    public static final Ports RANDOM = new Ports(0, 0, 0, 0, 0, 0, 0, 0);

    /** Concrete ports: free ones for 0, and a clear failure when a chosen port is taken (Kakao's only when it runs). */
    Ports resolve(String host, boolean withKakao) {
        return new Ports(
                check(host, dynamoDb, "DynamoDB"),
                check(host, sqs, "SQS"),
                check(host, s3, "S3"),
                check(host, httpApi, "HTTP API"),
                withKakao ? check(host, kakao, "fake Kakao") : kakao,
                check(host, cloudFormation, "CloudFormation"),
                check(host, events, "EventBridge"),
                check(host, secretsManager, "Secrets Manager"));
    }

    /** A free port, for a server only the stack talks to. */
    static int free(String host, String service) {
        return check(host, 0, service);
    }

    private static int check(String host, int port, String service) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(host, port));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "the " + service + " port " + host + ":" + port
                            + " is in use: stop what holds it, choose another port, or use --random-ports",
                    e);
        }
    }
}
