using System.Xml;
using GridGIS.Core.Network;
using OsmSharp;
using OsmSharp.Streams;

namespace GridGIS.Server.Features.Network;

/// <summary>A problem in an OSM file: what and where (line for XML, element for PBF).</summary>
internal sealed class OsmFormatException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads an OpenStreetMap extract, .osm XML (XmlReader, streaming) or .osm.pbf (OsmSharp), into an
/// <see cref="OsmWalkGraphBuilder"/>. The format is told from the content: PBF starts with a 4-byte
/// header length and "OSMHeader", XML with '&lt;'. Node tags are kept for barriers; relations are ignored.
/// </summary>
internal static class OsmReader
{
    public static OsmWalkGraphBuilder Read(Stream stream, Action<string>? progress = null)
    {
        var buffered = stream.CanSeek ? stream : Copy(stream);
        var head = new byte[16];
        var n = buffered.Read(head, 0, head.Length);
        buffered.Position = 0;
        if (n == 0) throw new OsmFormatException("the file is empty");
        var isPbf = n >= 13 && System.Text.Encoding.ASCII.GetString(head, 6, Math.Min(9, n - 6)) == "OSMHeader";
        var builder = new OsmWalkGraphBuilder();
        if (isPbf) ReadPbf(buffered, builder, progress);
        else ReadXml(buffered, builder, progress);
        return builder;
    }

    private static MemoryStream Copy(Stream s)
    {
        var m = new MemoryStream();
        s.CopyTo(m);
        m.Position = 0;
        return m;
    }

    private static void ReadPbf(Stream stream, OsmWalkGraphBuilder builder, Action<string>? progress)
    {
        long count = 0;
        try
        {
            foreach (var g in new PBFOsmStreamSource(stream))
            {
                if (++count % 1_000_000 == 0) progress?.Invoke($"read {count} OSM elements");
                switch (g)
                {
                    case Node { Id: { } id, Longitude: { } lon, Latitude: { } lat } node:
                        builder.AddNode(id, lon, lat, node.Tags is { Count: > 0 } ? Tags(node) : null);
                        break;
                    case Way { Id: { } wid, Nodes: { } refs } way:
                        builder.AddWay(wid, refs, Tags(way));
                        break;
                }
            }
        }
        catch (Exception e) when (e is not OsmFormatException and not OutOfMemoryException)
        {
            throw new OsmFormatException($"the .osm.pbf file is not readable after {count} elements: {e.Message}", e);
        }
    }

    private static Dictionary<string, string> Tags(OsmGeo g)
    {
        var tags = new Dictionary<string, string>();
        if (g.Tags is not null) foreach (var t in g.Tags) tags[t.Key] = t.Value;
        return tags;
    }

    private static void ReadXml(Stream stream, OsmWalkGraphBuilder builder, Action<string>? progress)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true };
        using var xml = XmlReader.Create(stream, settings);
        var info = (IXmlLineInfo)xml;
        long wayId = 0; List<long>? refs = null; Dictionary<string, string>? tags = null; long count = 0;
        (long Id, double Lon, double Lat)? node = null; Dictionary<string, string>? nodeTags = null;     // a node with tags (barriers)
        try
        {
            // An XML file is OSM only under <osm>: anything else is refused, not read as an empty extract.
            if (xml.MoveToContent() != XmlNodeType.Element || xml.Name != "osm")
                throw new OsmFormatException($"not an OpenStreetMap file: the root element is <{xml.Name}>, not <osm> (line {info.LineNumber})");
            while (xml.Read())
            {
                if (xml.NodeType == XmlNodeType.Element)
                {
                    switch (xml.Name)
                    {
                        case "node":
                            if (++count % 1_000_000 == 0) progress?.Invoke($"read {count} OSM nodes");
                            var (id, lon, lat) = (Long(xml, "id", info), Double(xml, "lon", info), Double(xml, "lat", info));
                            if (xml.IsEmptyElement) builder.AddNode(id, lon, lat);
                            else { node = (id, lon, lat); nodeTags = new Dictionary<string, string>(); }
                            break;
                        case "tag" when nodeTags is not null:
                            nodeTags[xml.GetAttribute("k") ?? throw At(info, "a <tag> without k")] = xml.GetAttribute("v") ?? "";
                            break;
                        case "bounds":
                            builder.Bounds = (Double(xml, "minlon", info), Double(xml, "minlat", info), Double(xml, "maxlon", info), Double(xml, "maxlat", info));
                            break;
                        case "way":
                            wayId = Long(xml, "id", info); refs = new List<long>(); tags = new Dictionary<string, string>();
                            if (xml.IsEmptyElement) { builder.AddWay(wayId, refs, tags); refs = null; }
                            break;
                        case "nd" when refs is not null:
                            refs.Add(Long(xml, "ref", info));
                            break;
                        case "tag" when tags is not null && refs is not null:
                            tags[xml.GetAttribute("k") ?? throw At(info, "a <tag> without k")] = xml.GetAttribute("v") ?? "";
                            break;
                    }
                }
                else if (xml.NodeType == XmlNodeType.EndElement && xml.Name == "node" && node is { } n)
                {
                    builder.AddNode(n.Id, n.Lon, n.Lat, nodeTags!.Count > 0 ? nodeTags : null);
                    node = null; nodeTags = null;
                }
                else if (xml.NodeType == XmlNodeType.EndElement && xml.Name == "way" && refs is not null)
                {
                    builder.AddWay(wayId, refs, tags!);
                    refs = null; tags = null;
                }
            }
        }
        catch (XmlException e)
        {
            throw new OsmFormatException($"the .osm XML is not well-formed at line {e.LineNumber}, column {e.LinePosition}: {e.Message}", e);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw At(info, e.Message);
        }
    }

    private static long Long(XmlReader x, string name, IXmlLineInfo info) =>
        long.TryParse(x.GetAttribute(name), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v)
            ? v : throw At(info, $"<{x.Name}> needs an integer '{name}', not '{x.GetAttribute(name)}'");

    private static double Double(XmlReader x, string name, IXmlLineInfo info) =>
        double.TryParse(x.GetAttribute(name), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v)
            ? v : throw At(info, $"<{x.Name}> needs a number '{name}', not '{x.GetAttribute(name)}'");

    private static OsmFormatException At(IXmlLineInfo info, string what) =>
        new($"line {info.LineNumber}, column {info.LinePosition}: {what}");
}
