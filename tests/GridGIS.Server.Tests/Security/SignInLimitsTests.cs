using System.Net;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GridGIS.Server.Tests.Security;

/// <summary>Lock-out after repeated failures, and the per-user-name and per-address sign-in rate limits.
/// Windows are an hour long, so no count depends on how fast the test runs.</summary>
[Collection(PostgisCollection.Name)]
public sealed class SignInLimitsTests(PostgisFixture fx)
{
    // Derived hosts are disposed with the fixture's, not here: disposing one stops Hangfire job creation
    // in the other hosts of the process (see ErrorHandlingTests).
    private WebApplicationFactory<Program> Limited(int perUser, int perIp) => fx.Factory.WithWebHostBuilder(b => b
        .UseSetting("Security:SignIn:PerUser", perUser.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .UseSetting("Security:SignIn:PerIp", perIp.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .UseSetting("Security:SignIn:WindowSeconds", "3600"));

    [Fact]
    public async Task SignIn_LocksAccount_AfterFiveFailures_EvenForTheRightPassword()
    {
        var (user, password) = await fx.NewAccountAsync(Roles.Planner);
        var client = fx.Factory.CreateClient();
        for (var i = 0; i < Accounts.MaxFailures; i++)
            await (await client.SignInAsync(user, "wrong-" + i)).AssertProblemAsync(401, "wrong user name or password");

        await (await client.SignInAsync(user, password)).AssertProblemAsync(429, "locked");
        await using var cmd = fx.Db.CreateCommand("select failed_attempts, locked_until > now() from app_user where user_name = $1");
        cmd.Parameters.Add(new() { Value = user });
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        Assert.Equal(Accounts.MaxFailures, r.GetInt32(0));
        Assert.True(r.GetBoolean(1));
    }

    [Fact]
    public async Task SignIn_Succeeds_AfterFourFailures_AndResetsTheCount()
    {
        var (user, password) = await fx.NewAccountAsync(Roles.Official);
        var client = fx.Factory.CreateClient();
        for (var i = 0; i < Accounts.MaxFailures - 1; i++) await (await client.SignInAsync(user, "wrong")).AssertProblemAsync(401);
        Assert.Equal(HttpStatusCode.OK, (await client.SignInAsync(user, password)).StatusCode);
        await (await client.SignInAsync(user, "wrong")).AssertProblemAsync(401);
        Assert.Equal(HttpStatusCode.OK, (await client.SignInAsync(user, password)).StatusCode);
    }

    [Fact]
    public async Task SignIn_Returns429_PerUserName_AfterTheLimit_WhileOtherNamesStillWork()
    {
        const int perUser = 3;
        var factory = Limited(perUser, perIp: 1000);
        var client = factory.CreateClient();
        var (user, _) = await fx.NewAccountAsync(Roles.Planner);
        var (other, otherPassword) = await fx.NewAccountAsync(Roles.Planner);
        for (var i = 0; i < perUser; i++) await (await client.SignInAsync(user, "wrong")).AssertProblemAsync(401);
        var limited = await client.SignInAsync(user.ToUpperInvariant(), "wrong"); // names are partitioned case-insensitively
        await limited.AssertProblemAsync(429, "for this user name");
        Assert.True(limited.Headers.RetryAfter is not null);
        Assert.Equal(HttpStatusCode.OK, (await client.SignInAsync(other, otherPassword)).StatusCode);
    }

    [Fact]
    public async Task SignIn_Returns429_PerAddress_AfterTheLimit()
    {
        const int perIp = 4;
        var factory = Limited(perUser: 1000, perIp);
        var client = factory.CreateClient();
        var statuses = new List<int>();
        for (var i = 0; i < perIp + 3; i++)
            statuses.Add((int)(await client.SignInAsync($"nobody-{i}", "wrong-password")).StatusCode);
        Assert.Equal(Enumerable.Repeat(401, perIp).Concat(Enumerable.Repeat(429, 3)), statuses);
        await (await client.SignInAsync("nobody-x", "wrong-password")).AssertProblemAsync(429, "from this address");
    }
}
