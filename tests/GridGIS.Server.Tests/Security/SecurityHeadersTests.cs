using GridGIS.Server.Security;
using Microsoft.Extensions.Configuration;

namespace GridGIS.Server.Tests.Security;

/// <summary>The Content-Security-Policy's image sources from a configured base-map tile template.</summary>
public sealed class SecurityHeadersTests
{
    [Theory]
    [InlineData("https://tiles.example/{z}/{x}/{y}.png", "https://tiles.example")]
    [InlineData("https://{a-c}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org")]
    [InlineData("http://127.0.0.1:8080/tiles/{z}/{x}/{y}.png", "http://127.0.0.1:8080")]
    [InlineData("HTTPS://Tiles.Example?key=1", "https://Tiles.Example")]
    [InlineData("https://tiles.example; script-src *", null)]
    [InlineData("https://tiles.{s}.example/{z}", null)]
    [InlineData("javascript:alert(1)", null)]
    [InlineData("//tiles.example/{z}", null)]
    [InlineData("", null)]
    public void TileOrigin_IsABareOriginOrNothing(string template, string? expected) =>
        Assert.Equal(expected, SecurityHeaders.TileOrigin(template));

    [Fact]
    public void PagePolicy_AddsTheTileOriginToImagesOnly()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Viewer:TileUrl"] = "https://{a-c}.tiles.example/{z}/{x}/{y}.png" }).Build();
        var directives = SecurityHeaders.PagePolicy(config).Split("; ");
        Assert.Contains("img-src 'self' data: https://*.tiles.example", directives);
        Assert.Contains("script-src 'self'", directives);
        Assert.Single(directives, d => d.Contains("tiles.example", StringComparison.Ordinal));
        Assert.DoesNotContain("unsafe", SecurityHeaders.PagePolicy(config), StringComparison.Ordinal);
    }
}
