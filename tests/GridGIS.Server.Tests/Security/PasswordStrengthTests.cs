using GridGIS.Server.Security;

namespace GridGIS.Server.Tests.Security;

/// <summary>Weak passwords are refused wherever one is set; twelve characters alone are not enough.</summary>
public sealed class PasswordStrengthTests
{
    [Theory]
    [InlineData("aaaaaaaaaaaa")]
    [InlineData("password1234")]
    [InlineData("            ")]
    [InlineData("li.wei.li.wei")]
    [InlineData("short")]
    public void Problem_RefusesWeakPasswords_WithoutEchoingThem(string password)
    {
        var problem = PasswordStrength.Problem(password, "li.wei");
        Assert.NotNull(problem);
        if (password.Trim().Length > 0) Assert.DoesNotContain(password, problem);
    }

    [Fact]
    public void Problem_AcceptsAStrongPassword_AndTheDemoGeneratedOnes()
    {
        Assert.Null(PasswordStrength.Problem("correct horse battery staple 42", "li.wei"));
        for (var i = 0; i < 20; i++) Assert.Null(PasswordStrength.Problem(PasswordHash.NewSecret(12), "admin"));
    }

    [Fact]
    public async Task UpsertAsync_RefusesAWeakPassword_BeforeWritingAnything()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => Accounts.UpsertAsync(null!, "li.wei", Roles.Planner, "password1234"));
        Assert.Contains("too easy to guess", e.Message);
    }
}
