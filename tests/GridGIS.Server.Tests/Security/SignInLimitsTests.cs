using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GridGIS.Server.Tests.Security;

/// <summary>
/// Sign-in guessing is slowed per (user name, client address) with growing delays, never by locking the
/// account for everyone; wrong, unknown and throttled answer alike; failures are audited and many
/// clients failing for one name raise an alert; and the per-address limit. The clock is the server's
/// <see cref="TimeProvider"/>, moved by hand, so no test waits or depends on how fast it runs; the
/// client address comes from a test header (the in-process test server has no sockets).
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class SignInLimitsTests(PostgisFixture fx)
{
    private const string ClientHeader = "X-Test-Client-Address";

    private sealed class ManualClock : TimeProvider
    {
        // Ahead of the database's clock, so that tokens are never older than their account.
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow.AddMinutes(1);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>Sets the connection's remote address from <see cref="ClientHeader"/>, before anything else runs.</summary>
    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                if (http.Request.Headers.TryGetValue(ClientHeader, out var address)) http.Connection.RemoteIpAddress = IPAddress.Parse(address!);
                return nextMiddleware(http);
            });
            next(app);
        };
    }

    // Derived hosts are disposed with the fixture's, not here: disposing one stops Hangfire job creation
    // in the other hosts of the process (see ErrorHandlingTests).
    private static WebApplicationFactory<Program> Server(PostgisFixture fx, ManualClock clock, params (string Key, string Value)[] settings) =>
        fx.Factory.WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in settings) b.UseSetting(key, value);
            b.ConfigureServices(s =>
            {
                s.AddSingleton<TimeProvider>(clock);
                s.AddSingleton<IStartupFilter, ClientAddressFromHeader>();
            });
        });

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string address, string userName, string password)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/token") { Content = JsonContent.Create(new { userName, password }) };
        request.Headers.Add(ClientHeader, address);
        return await client.SendAsync(request);
    }

    private static int? RetryAfter(HttpResponseMessage r) => (int?)r.Headers.RetryAfter?.Delta?.TotalSeconds;

    /// <summary>Status, Retry-After and body of an answer, without the per-request trace id.</summary>
    private static async Task<string> AnswerAsync(HttpResponseMessage r)
    {
        var body = JsonNode.Parse(await r.Content.ReadAsStringAsync())!.AsObject();
        body.Remove("traceId");
        return $"{(int)r.StatusCode} retry-after={RetryAfter(r)} {r.Content.Headers.ContentType} {body.ToJsonString()}";
    }

    [Fact]
    public async Task SignIn_FromAnotherClient_Works_WhileOneClientGuessesTheSamePassword()
    {
        var clock = new ManualClock();
        var client = Server(fx, clock).CreateClient();
        var (user, password) = await fx.NewAccountAsync(Roles.Official);
        // The attack that locked out 'official': twenty wrong passwords from one address, in any letter case.
        for (var i = 0; i < 20; i++)
        {
            var r = await SignInAsync(client, "127.0.0.2", i % 2 == 0 ? user : user.ToUpperInvariant(), "wrong-" + i);
            Assert.True(r.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, $"attempt {i}: {(int)r.StatusCode}");
        }
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(client, "127.0.0.3", user, password)).StatusCode);
        // The guessing client is slowed down, even with the right password.
        var attacker = await SignInAsync(client, "127.0.0.2", user, password);
        Assert.Equal(HttpStatusCode.TooManyRequests, attacker.StatusCode);
        Assert.True(RetryAfter(attacker) >= 1);
    }

    [Fact]
    public async Task SignIn_AnswersAlike_ForAWrongPassword_AnUnknownName_AndAThrottledAccount()
    {
        var clock = new ManualClock();
        var client = Server(fx, clock).CreateClient();
        var (user, password) = await fx.NewAccountAsync(Roles.Planner);
        var unknown = $"s-nobody-{Guid.NewGuid():N}"[..30];
        var known = new List<string>();
        var missing = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            known.Add(await AnswerAsync(await SignInAsync(client, "127.0.0.4", user, "wrong-password-" + i)));
            missing.Add(await AnswerAsync(await SignInAsync(client, "127.0.0.4", unknown, "wrong-password-" + i)));
            if (i % 3 == 2) clock.Now += TimeSpan.FromSeconds(5);   // some attempts after a wait, some too early
        }
        Assert.Equal(missing, known);
        Assert.Contains(known, a => a.StartsWith("401", StringComparison.Ordinal));
        Assert.Contains(known, a => a.StartsWith("429", StringComparison.Ordinal));
        // The right password while throttled answers exactly as a wrong one for a name that does not exist.
        Assert.Equal(await AnswerAsync(await SignInAsync(client, "127.0.0.4", unknown, "whatever")),
            await AnswerAsync(await SignInAsync(client, "127.0.0.4", user, password)));
    }

    [Fact]
    public async Task SignIn_Delays_Double_AfterThreeFailures_UpToTheCap_AndTheRightPasswordWorksAfterTheWait()
    {
        var clock = new ManualClock();
        var client = Server(fx, clock, ("Security:SignIn:MaxDelaySeconds", "20")).CreateClient();
        var (user, password) = await fx.NewAccountAsync(Roles.Planner);
        const string address = "127.0.0.5";
        for (var i = 0; i < 3; i++) await (await SignInAsync(client, address, user, "wrong")).AssertProblemAsync(401, "wrong user name or password");
        var waits = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            var early = await SignInAsync(client, address, user, "wrong");
            await early.AssertProblemAsync(429, "try again in");
            var wait = RetryAfter(early)!.Value;
            waits.Add(wait);
            clock.Now += TimeSpan.FromSeconds(wait - 1);
            Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAsync(client, address, user, password)).StatusCode);   // a second early
            clock.Now += TimeSpan.FromSeconds(1);
            await (await SignInAsync(client, address, user, "wrong")).AssertProblemAsync(401);
        }
        Assert.Equal([2, 4, 8, 16, 20], waits);
        clock.Now += TimeSpan.FromSeconds(20);
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(client, address, user, password)).StatusCode);
        // Success forgets this client's failures: three free failures again.
        for (var i = 0; i < 3; i++) await (await SignInAsync(client, address, user, "wrong")).AssertProblemAsync(401);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAsync(client, address, user, "wrong")).StatusCode);
    }

    [Fact]
    public async Task SignIn_AuditsEveryFailureWithItsClient_AndAlerts_WhenOneNameFailsFromManyClients()
    {
        var clock = new ManualClock();
        var client = Server(fx, clock).CreateClient();
        var (user, _) = await fx.NewAccountAsync(Roles.Administrator);
        for (var i = 0; i < 6; i++) await (await SignInAsync(client, $"127.0.1.{i + 1}", user, "guess-" + i)).AssertProblemAsync(401);

        await using var cmd = fx.Db.CreateCommand(
            "select action, after->>'client' from audit_log where entity = 'app_user' and entity_id = $1 and action like 'signin%' order by id");
        cmd.Parameters.Add(new() { Value = user });
        var rows = new List<(string Action, string? Client)>();
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) rows.Add((r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1)));
        Assert.Equal(Enumerable.Range(1, 6).Select(i => $"127.0.1.{i}"), rows.Where(r => r.Action == "signin.failed").Select(r => r.Client));
        // Five clients reach the threshold, the sixth is one more: an alert each.
        Assert.Equal(2, rows.Count(r => r.Action == "signin.alert"));
        Assert.DoesNotContain(rows, r => r.Action == "signin");
    }

    [Fact]
    public async Task SignIn_Returns429_PerAddress_AfterTheLimit()
    {
        const int perIp = 4;
        var client = Server(fx, new ManualClock(), ("Security:SignIn:PerIp", perIp.ToString(CultureInfo.InvariantCulture)),
            ("Security:SignIn:WindowSeconds", "3600")).CreateClient();
        var statuses = new List<int>();
        for (var i = 0; i < perIp + 3; i++)
            statuses.Add((int)(await SignInAsync(client, "127.0.0.6", $"nobody-{i}", "wrong-password")).StatusCode);
        Assert.Equal(Enumerable.Repeat(401, perIp).Concat(Enumerable.Repeat(429, 3)), statuses);
        var limited = await SignInAsync(client, "127.0.0.6", "nobody-x", "wrong-password");
        await limited.AssertProblemAsync(429, "from this address");
        Assert.True(RetryAfter(limited) >= 1);
        // Another address is not limited.
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(client, "127.0.0.7", "nobody-y", "wrong-password")).StatusCode);
    }
}
