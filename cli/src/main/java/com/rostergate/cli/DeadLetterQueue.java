package com.rostergate.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The ingest dead-letter queue as on-call sees it: peek without consuming, move back to the ingest queue. */
final class DeadLetterQueue {

    /** How long peeked messages stay hidden while the whole queue is read; they are made visible again at the end. */
    private static final int PEEK_VISIBILITY_SECONDS = 60;

    private static final int MAX_BATCH = 10;

    private final SqsClient sqs;
    private final String dlqUrl;

    DeadLetterQueue(SqsClient sqs, String dlqUrl) {
        this.sqs = sqs;
        this.dlqUrl = dlqUrl;
    }

    /** Every message currently in the queue, read without deleting any. */
    List<Message> peekAll() {
        Map<String, Message> seen = new LinkedHashMap<>();
        List<Message> received;
        do {
            received = receive(PEEK_VISIBILITY_SECONDS);
            received.forEach(message -> seen.put(message.messageId(), message));
        } while (!received.isEmpty());
        makeVisible(new ArrayList<>(seen.values()));
        return new ArrayList<>(seen.values());
    }

    List<Message> receive(int visibilitySeconds) {
        return sqs.receiveMessage(r -> r.queueUrl(dlqUrl)
                        .maxNumberOfMessages(MAX_BATCH)
                        .visibilityTimeout(visibilitySeconds)
                        .waitTimeSeconds(1)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                        .messageAttributeNames("All"))
                .messages();
    }

    void makeVisible(List<Message> messages) {
        for (int from = 0; from < messages.size(); from += MAX_BATCH) {
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (Message message : messages.subList(from, Math.min(messages.size(), from + MAX_BATCH))) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
                        .id(Integer.toString(entries.size()))
                        .receiptHandle(message.receiptHandle())
                        .visibilityTimeout(0)
                        .build());
            }
            sqs.changeMessageVisibilityBatch(r -> r.queueUrl(dlqUrl).entries(entries));
        }
    }

    /** Sends the message, body and attributes unchanged, to {@code queueUrl}. */
    void sendTo(String queueUrl, Message message) {
        sqs.sendMessage(
                r -> r.queueUrl(queueUrl).messageBody(message.body()).messageAttributes(message.messageAttributes()));
    }

    void delete(Message message) {
        sqs.deleteMessage(r -> r.queueUrl(dlqUrl).receiptHandle(message.receiptHandle()));
    }

    int approximateDepth() {
        return approximateDepth(dlqUrl);
    }

    /** Messages in {@code queueUrl}: visible, in flight and delayed. */
    int approximateDepth(String queueUrl) {
        List<QueueAttributeName> counts = List.of(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(
                        r -> r.queueUrl(queueUrl).attributeNames(counts))
                .attributes();
        return counts.stream()
                .mapToInt(count -> Integer.parseInt(attributes.getOrDefault(count, "0")))
                .sum();
    }

    /** Starts SQS's own redrive of the whole queue back to its source queue; returns the task handle. */
    String startMoveTask(Integer messagesPerSecond) {
        String arn = sqs.getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        return sqs.startMessageMoveTask(r -> r.sourceArn(arn).maxNumberOfMessagesPerSecond(messagesPerSecond))
                .taskHandle();
    }

    ListMessageMoveTasksResultEntry moveTask(String taskHandle) {
        String arn = sqs.getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        return sqs.listMessageMoveTasks(r -> r.sourceArn(arn).maxResults(10)).results().stream()
                .filter(task -> taskHandle.equals(task.taskHandle()))
                .findFirst()
                .orElseThrow(() -> new UserError("SQS no longer lists move task " + taskHandle));
    }
}
