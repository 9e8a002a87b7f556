#!/usr/bin/python3
"""A GStreamer RTSP server for the tests: a moving test pattern as MJPEG over RTP.

Run with Debian's /usr/bin/python3 (it has python3-gi). Paths serve video; --audio-path serves a stream
without video. When RTSP_SERVER_USER is set in the environment, every path needs basic auth with
RTSP_SERVER_USER / RTSP_SERVER_PASSWORD (passed by environment, so they stay out of the command line).
"""
import argparse
import os
import signal
import sys

PACKAGES = "gir1.2-gst-rtsp-server-1.0 python3-gi gstreamer1.0-plugins-good gstreamer1.0-plugins-base"
MISSING_EXIT_CODE = 3


def missing(what):
    print(f"rtsp_server.py: {what}. Install the Debian packages: apt-get install -y {PACKAGES}", file=sys.stderr, flush=True)
    sys.exit(MISSING_EXIT_CODE)


try:
    import gi
    gi.require_version("Gst", "1.0")
    gi.require_version("GstRtspServer", "1.0")
    from gi.repository import GLib, Gst, GstRtspServer
except (ImportError, ValueError) as error:
    missing(f"GStreamer RTSP server bindings are not available ({error})")


def parse_arguments():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=False, default=8554)
    parser.add_argument("--path", action="append", default=[], help="a video path such as /cam (repeatable)")
    parser.add_argument("--audio-path", default=None, help="a path that serves audio only")
    parser.add_argument("--width", type=int, default=640)
    parser.add_argument("--height", type=int, default=360)
    parser.add_argument("--fps", type=int, default=10)
    parser.add_argument("--quality", type=int, default=80)
    parser.add_argument("--check", action="store_true", help="only check that every element is installed")
    return parser.parse_args()


def video_launch(args):
    # rtpjpegpay packs only 4:2:0 JPEG: pin I420 before jpegenc.
    return (
        f"( videotestsrc pattern=ball is-live=true "
        f"! video/x-raw,format=I420,width={args.width},height={args.height},framerate={args.fps}/1 "
        f"! jpegenc quality={args.quality} ! rtpjpegpay name=pay0 pt=26 )"
    )


def audio_launch():
    return "( audiotestsrc is-live=true wave=sine ! audio/x-raw,rate=8000,channels=1 ! mulawenc ! rtppcmupay name=pay0 pt=0 )"


def check_elements():
    for name in ("videotestsrc", "jpegenc", "rtpjpegpay", "audiotestsrc", "mulawenc", "rtppcmupay"):
        if Gst.ElementFactory.find(name) is None:
            missing(f"the GStreamer element '{name}' is missing")


def main():
    args = parse_arguments()
    Gst.init(None)
    check_elements()
    if args.check:
        print("ok", flush=True)
        return 0

    server = GstRtspServer.RTSPServer()
    server.set_address(args.host)
    server.set_service(str(args.port))

    user = os.environ.get("RTSP_SERVER_USER")
    permissions = None
    if user:
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string("media.factory.role", "viewer")
        auth.add_basic(GstRtspServer.RTSPAuth.make_basic(user, os.environ.get("RTSP_SERVER_PASSWORD", "")), token)
        server.set_auth(auth)
        permissions = GstRtspServer.RTSPPermissions()
        permissions.add_permission_for_role("viewer", "media.factory.access", True)
        permissions.add_permission_for_role("viewer", "media.factory.construct", True)

    mounts = server.get_mount_points()
    paths = [(path, video_launch(args)) for path in (args.path or ["/cam"])]
    if args.audio_path:
        paths.append((args.audio_path, audio_launch()))
    for path, launch in paths:
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch(launch)
        # A pipeline per client, as a camera serves each client on its own: with one shared pipeline, a client
        # joining or leaving the path stalled its other clients for 5 to 15 s.
        factory.set_shared(False)
        if permissions is not None:
            factory.set_permissions(permissions)
        mounts.add_factory(path, factory)

    if server.attach(None) == 0:
        print(f"rtsp_server.py: could not listen on {args.host}:{args.port}", file=sys.stderr, flush=True)
        return 1

    loop = GLib.MainLoop()
    for number in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_HIGH, number, loop.quit)
    print(f"RTSP server ready on rtsp://{args.host}:{args.port} paths {[p for p, _ in paths]}", flush=True)
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
