using System;
using System.Collections.Generic;
using MatterMfg.Diagnostics;
using MatterMfg.Onboarding;

namespace MatterMfg.Tests.Onboarding;

public class RotatingDeviceIdTests
{
    public static IEnumerable<object[]> Rows => MatterVectors.Data("rotating_device_id_vectors.csv", _ => true, "lifetime_counter");

    [Theory]
    [MemberData(nameof(Rows))]
    public void Computes_every_vector_and_rejects_short_unique_ids(string counter, Dictionary<string, string> row)
    {
        byte[] uid = MatterVectors.Hex(row["unique_id_hex"]);
        ushort c = ushort.Parse(counter);
        if (row["expected"] != "ok")
        {
            var e = Assert.Throws<MfgException>(() => RotatingDeviceId.Compute(uid, c));
            Assert.Equal("RotatingDeviceIdUniqueIdTooShort", e.ErrorId);
            Assert.StartsWith("RotatingDeviceIdUniqueId: ", e.Message, StringComparison.Ordinal);
            return;
        }
        byte[] id = RotatingDeviceId.Compute(uid, c);
        Assert.Equal(row["rotating_device_id_hex"], Convert.ToHexString(id));
        Assert.Equal(row["counter_le_hex"], Convert.ToHexString(id, 0, 2).ToLowerInvariant());
        Assert.Equal(row["additional_data_payload_tlv_hex"], Convert.ToHexString(RotatingDeviceId.AdditionalDataPayload(id)));
    }

    [Fact]
    public void Additional_data_without_an_id_is_an_empty_structure()
    {
        Assert.Equal(new byte[] { 0x15, 0x18 }, RotatingDeviceId.AdditionalDataPayload(null));
    }
}
