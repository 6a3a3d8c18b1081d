package dev.dl4jlessons.kernel;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * Jupyter's wire format: a message is the sender's routing identities, the {@code <IDS|MSG>} delimiter, an HMAC
 * signature in hex, then four JSON frames (header, parent header, metadata, content) and optional binary buffers.
 *
 * <p>{@link #parse} never throws: a message that is not well formed, not signed with the connection's key, or whose
 * JSON frames are not objects is a {@link Bad} naming what was wrong, and the kernel drops it.
 */
final class Wire {
    /** The frame between a message's routing identities and its signature. */
    static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    /** The protocol version the kernel speaks (5.3: control channel, iopub_welcome is 5.4 and harmless). */
    static final String PROTOCOL_VERSION = "5.3";

    static final ObjectMapper JSON = new ObjectMapper();

    private final String algorithm;
    private final byte[] key;
    /** This kernel's session id, in the header of every message it sends. */
    final String session = UUID.randomUUID().toString();

    /** A message on the wire, its JSON frames parsed. */
    record Msg(List<byte[]> identities, ObjectNode header, ObjectNode parent, ObjectNode metadata,
            ObjectNode content) {
        String type() {
            return header.path("msg_type").asText();
        }

        String id() {
            return header.path("msg_id").asText();
        }
    }

    /** What {@link #parse} made of a multipart message. */
    sealed interface Parsed permits Good, Bad {
    }

    /** A well-formed, correctly signed message. */
    record Good(Msg msg) implements Parsed {
    }

    /** A message that is dropped, and the kind of fault, one short phrase, which the kernel counts and logs once. */
    record Bad(String kind) implements Parsed {
    }

    Wire(String scheme, String key) {
        this.algorithm = ConnectionFile.SCHEMES.get(scheme);
        if (algorithm == null) {
            throw new IllegalArgumentException("unknown signature scheme " + scheme);
        }
        this.key = key.getBytes(StandardCharsets.UTF_8);
    }

    /** The hex HMAC of the four JSON frames, or "" when the connection has no key. */
    String sign(byte[] header, byte[] parent, byte[] metadata, byte[] content) {
        if (key.length == 0) {
            return "";
        }
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            mac.update(header);
            mac.update(parent);
            mac.update(metadata);
            mac.update(content);
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }

    /** Reads the frames of one multipart message; never throws. */
    Parsed parse(List<byte[]> frames) {
        int at = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(DELIMITER, frames.get(i))) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            return new Bad("no <IDS|MSG> delimiter");
        }
        if (frames.size() - at - 1 < 5) {
            return new Bad("fewer than the five frames after <IDS|MSG>");
        }
        byte[] signature = frames.get(at + 1);
        byte[] header = frames.get(at + 2);
        byte[] parent = frames.get(at + 3);
        byte[] metadata = frames.get(at + 4);
        byte[] content = frames.get(at + 5);
        byte[] expected = sign(header, parent, metadata, content).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature)) {
            return new Bad(signature.length == 0 ? "unsigned" : "wrongly signed");
        }
        ObjectNode headerJson = object(header);
        if (headerJson == null || !headerJson.path("msg_type").isTextual()) {
            return new Bad("a signed header that is not a JSON object with a msg_type");
        }
        ObjectNode parentJson = object(parent);
        ObjectNode metadataJson = object(metadata);
        ObjectNode contentJson = object(content);
        if (parentJson == null || metadataJson == null || contentJson == null) {
            return new Bad("a signed parent header, metadata or content that is not a JSON object");
        }
        return new Good(new Msg(List.copyOf(frames.subList(0, at)), headerJson, parentJson, metadataJson,
                contentJson));
    }

    private static ObjectNode object(byte[] frame) {
        try {
            JsonNode node = JSON.readTree(frame);
            return node instanceof ObjectNode o ? o : null;
        } catch (java.io.IOException | RuntimeException | StackOverflowError e) {
            return null;
        }
    }

    /** A new header of this kernel's session. */
    ObjectNode header(String type) {
        ObjectNode header = JSON.createObjectNode();
        header.put("msg_id", UUID.randomUUID().toString());
        header.put("session", session);
        header.put("username", "kernel");
        header.put("date", Instant.now().truncatedTo(ChronoUnit.MICROS).toString());
        header.put("msg_type", type);
        header.put("version", PROTOCOL_VERSION);
        return header;
    }

    /** A message of {@code type} in reply to (or caused by) {@code parent}, to the given identities. */
    Msg message(Msg parent, String type, ObjectNode content, List<byte[]> identities) {
        return new Msg(identities, header(type), parent == null ? JSON.createObjectNode() : parent.header(),
                JSON.createObjectNode(), content);
    }

    /** The frames of a message, signed. */
    List<byte[]> frames(Msg msg) {
        try {
            byte[] header = JSON.writeValueAsBytes(msg.header());
            byte[] parent = JSON.writeValueAsBytes(msg.parent());
            byte[] metadata = JSON.writeValueAsBytes(msg.metadata());
            byte[] content = JSON.writeValueAsBytes(msg.content());
            List<byte[]> frames = new ArrayList<>(msg.identities());
            frames.add(DELIMITER);
            frames.add(sign(header, parent, metadata, content).getBytes(StandardCharsets.US_ASCII));
            frames.add(header);
            frames.add(parent);
            frames.add(metadata);
            frames.add(content);
            return frames;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
