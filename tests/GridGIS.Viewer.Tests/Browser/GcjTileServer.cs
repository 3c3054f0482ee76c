using System.Net;
using GridGIS.Core.Geo;
using SkiaSharp;

namespace GridGIS.Viewer.Tests.Browser;

/// <summary>
/// A stand-in for AMap/Tencent on 127.0.0.1: XYZ tiles (256 px, Web Mercator of GCJ-02 lon/lat, as those services
/// draw them) that show one road, given in WGS84, as a thick red line at its GCJ-02 position (Core's
/// <see cref="ChinaCoordinates"/>) on white. Counts the tiles it served; stopped on dispose.
/// </summary>
internal sealed class GcjTileServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly (double Lon, double Lat)[] _roadGcj;
    private readonly float _widthPx;
    private readonly Task _loop;
    private int _served;

    /// <summary>Serves the road <paramref name="roadWgs84"/> (WGS84 lon/lat vertices), drawn <paramref name="widthPx"/> wide.</summary>
    public GcjTileServer((double Lon, double Lat)[] roadWgs84, float widthPx)
    {
        _roadGcj = roadWgs84.Select(p => ChinaCoordinates.Wgs84ToGcj02(p.Lon, p.Lat)).ToArray();
        _widthPx = widthPx;
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }
    /// <summary>The XYZ template for <c>Viewer:TileUrl</c>.</summary>
    public string Template => $"http://127.0.0.1:{Port}/{{z}}/{{x}}/{{y}}.png";
    public int Served => Volatile.Read(ref _served);

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            try
            {
                var parts = ctx.Request.Url!.AbsolutePath.Trim('/').Replace(".png", "", StringComparison.Ordinal).Split('/');
                if (parts.Length != 3 || !int.TryParse(parts[0], out var z) || !int.TryParse(parts[1], out var x) || !int.TryParse(parts[2], out var y))
                {
                    ctx.Response.StatusCode = 404;
                    continue;
                }
                var png = Tile(z, x, y);
                Interlocked.Increment(ref _served);
                ctx.Response.ContentType = "image/png";
                // The viewer loads tiles with crossOrigin 'anonymous' (raster reprojection draws them on a canvas).
                ctx.Response.AddHeader("Access-Control-Allow-Origin", "*");
                await ctx.Response.OutputStream.WriteAsync(png);
            }
            finally { ctx.Response.Close(); }
        }
    }

    /// <summary>Tile (z, x, y): the road's GCJ-02 vertices in Web Mercator pixels of that tile.</summary>
    private byte[] Tile(int z, int x, int y)
    {
        using var surface = SKSurface.Create(new SKImageInfo(256, 256));
        surface.Canvas.Clear(SKColors.White);
        using var paint = new SKPaint { Color = new SKColor(255, 0, 0), StrokeWidth = _widthPx, Style = SKPaintStyle.Stroke, IsAntialias = true, StrokeCap = SKStrokeCap.Round };
        var size = 256.0 * Math.Pow(2, z);
        var previous = SKPoint.Empty;
        for (var i = 0; i < _roadGcj.Length; i++)
        {
            var (lon, lat) = _roadGcj[i];
            var px = (float)((lon + 180) / 360 * size - x * 256.0);
            var rad = lat * Math.PI / 180;
            var py = (float)((1 - Math.Log(Math.Tan(rad) + 1 / Math.Cos(rad)) / Math.PI) / 2 * size - y * 256.0);
            if (i > 0) surface.Canvas.DrawLine(previous, new SKPoint(px, py), paint);
            previous = new SKPoint(px, py);
        }
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
