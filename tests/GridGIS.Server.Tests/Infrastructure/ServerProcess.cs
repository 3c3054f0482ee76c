using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace GridGIS.Server.Tests.Infrastructure;

/// <summary>
/// The real server as its own process on a free 127.0.0.1 port (the Release or Debug build beside the
/// tests' own), for what only a process shows: signals, exit codes. Killed at the end if still running.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _log = new();

    private ServerProcess(Process process, int port)
    {
        _process = process;
        BaseUrl = $"http://127.0.0.1:{port}";
    }

    public string BaseUrl { get; }
    public Process Process => _process;
    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <summary>Starts the server on <paramref name="connectionString"/> and waits until it answers.</summary>
    public static async Task<ServerProcess> StartAsync(string connectionString, params (string Key, string Value)[] environment)
    {
        var root = FindRoot();
        var configuration = AppContext.BaseDirectory.Replace('\\', '/').Contains("/bin/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var project = Path.Combine(root, "server", "GridGIS.Server");
        var dll = Path.Combine(project, "bin", configuration, "net10.0", "GridGIS.Server.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"server not built: {dll}");
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = project, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { dll, "serve", "--urls", $"http://127.0.0.1:{port}" }) start.ArgumentList.Add(a);
        start.Environment["GRIDGIS_DB_CS"] = connectionString;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Coverage__RunAtStartup"] = "false";
        foreach (var (k, v) in environment) start.Environment[k] = v;
        var server = new ServerProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start the server"), port);
        server._process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (server._log) server._log.AppendLine(e.Data); };
        server._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (server._log) server._log.AppendLine(e.Data); };
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(120); // generous: the machine may be shared and busy
        while (DateTime.UtcNow < deadline)
        {
            if (server._process.HasExited) throw new InvalidOperationException($"the server exited with {server._process.ExitCode}:\n{server.Log}");
            try
            {
                if ((await http.GetAsync($"{server.BaseUrl}/api/auth/me")).StatusCode == System.Net.HttpStatusCode.Unauthorized) return server;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        await server.DisposeAsync();
        throw new TimeoutException($"the server did not answer on {server.BaseUrl} within 120 s:\n{server.Log}");
    }

    /// <summary>A client signed in as <paramref name="user"/>.</summary>
    public async Task<HttpClient> ClientAsAsync(string user, string password)
    {
        var http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromMinutes(3) };
        var r = await http.PostAsJsonAsync("/api/auth/token", new { userName = user, password });
        r.EnsureSuccessStatusCode();
        var token = (await r.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>Sends SIGTERM, as a service manager or container runtime stops a process.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -TERM {_process.Id} failed ({kill.ExitCode})");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    internal static string FindRoot()
    {
        var env = Environment.GetEnvironmentVariable("GRIDGIS_ROOT");
        if (!string.IsNullOrEmpty(env) && File.Exists(Path.Combine(env, "GridGIS.sln"))) return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GridGIS.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (GridGIS.sln); set GRIDGIS_ROOT");
    }
}
