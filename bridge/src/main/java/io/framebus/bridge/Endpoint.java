package io.framebus.bridge;

import io.aeron.ChannelUri;
import io.aeron.ChannelUriStringBuilder;
import io.framebus.ReaderMode;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where a bridge's UDP traffic goes, as an Aeron channel URI built from what a user types: {@code HOST:PORT}
 * ({@code [v6]:PORT}), a multicast {@code GROUP:PORT}, or a whole {@code aeron:udp?...} URI, used as given.
 * A host name is resolved here, so that a typo is an error at once, with the name in it.
 *
 * @param uri       the Aeron channel
 * @param address   the endpoint as {@code host:port}, for messages and labels
 * @param multicast whether the endpoint is a multicast group
 */
record Endpoint(String uri, String address, boolean multicast) {

    /**
     * The sender's channel: the receiver's address (or the group), sent from {@code aeron.networkInterface()} if
     * set. A lossless multicast sender waits for the slowest receiver ({@code fc=min}).
     */
    static Endpoint forSender(SenderOptions o) {
        if (o.to().startsWith("aeron:")) {
            return given(o.to());
        }
        HostPort hp = HostPort.parse(o.to(), "--to");
        ChannelUriStringBuilder b = new ChannelUriStringBuilder().media("udp").endpoint(hp.text())
                .mtu(o.mtu()).termLength(o.termLength());
        if (o.aeron().networkInterface() != null) {
            b.networkInterface(o.aeron().networkInterface());
        }
        if (hp.multicast() && o.mode() == ReaderMode.LOSSLESS) {
            b.flowControl("min");
        }
        return new Endpoint(b.build(), hp.text(), hp.multicast());
    }

    /** The receiver's channel: the address to listen on (or the group to join, on the given interface). */
    static Endpoint forReceiver(ReceiverOptions o) {
        if (o.from().startsWith("aeron:")) {
            return given(o.from());
        }
        HostPort hp = HostPort.parse(o.from(), "--from");
        ChannelUriStringBuilder b = new ChannelUriStringBuilder().media("udp").endpoint(hp.text());
        if (o.aeron().networkInterface() != null) {
            b.networkInterface(o.aeron().networkInterface());
        }
        int window = ReceiveWindow.effective(o.window());
        if (window > 0) {
            b.receiverWindowLength(window).socketRcvbufLength(window);
        }
        return new Endpoint(b.build(), hp.text(), hp.multicast());
    }

    private static Endpoint given(String text) {
        ChannelUri uri;
        try {
            uri = ChannelUri.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an Aeron channel URI: '" + text + "': " + e.getMessage());
        }
        if (!"udp".equals(uri.media())) {
            throw new IllegalArgumentException("the bridge sends over UDP: expected aeron:udp?..., got '" + text + "'");
        }
        String endpoint = uri.get("endpoint");
        if (endpoint == null) {
            throw new IllegalArgumentException("the Aeron URI '" + text + "' has no endpoint=HOST:PORT");
        }
        HostPort hp = HostPort.parse(endpoint, "endpoint");
        return new Endpoint(text, hp.text(), hp.multicast());
    }

    /** A parsed, resolved {@code host:port}. */
    private record HostPort(String host, int port, boolean multicast) {
        static HostPort parse(String text, String option) {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                throw new IllegalArgumentException(option + " wants HOST:PORT (e.g. 10.0.0.2:40123), got '" + text
                        + "'");
            }
            String host = text.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(option + ": port must be 1..65535, got '" + text.substring(colon + 1)
                        + "'");
            }
            InetAddress address;
            try {
                address = InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw new BridgeException("cannot resolve host '" + host + "' (" + option + " " + text + "): "
                        + e.getMessage());
            }
            return new HostPort(host, port, address.isMulticastAddress());
        }

        String text() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    @Override
    public String toString() {
        return (multicast ? "multicast group " : "") + address + " (" + uri + ")";
    }
}
