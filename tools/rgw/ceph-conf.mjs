// ceph.conf for a throwaway single-node Ceph cluster (one monitor, one
// in-memory OSD, one RADOS Gateway), used only by ./rgw.mjs.

/**
 * @param {object} o
 * @param {string} o.runDir    every file of the cluster lives under it
 * @param {string} o.fsid      a fresh UUID per cluster, so daemons can never join another one
 * @param {number} o.monPort   free port: two clusters at once need two monitor ports
 * @param {number} o.rgwPort   free port for the S3 endpoint
 * @param {number} o.memstoreBytes RAM cap of the OSD (writes hang, without an error, when it is full)
 * @returns {string}
 */
export function renderCephConf({ runDir, fsid, monPort, rgwPort, memstoreBytes }) {
  return `[global]
fsid = ${fsid}
mon host = v2:127.0.0.1:${monPort}
mon initial members = a
public addr = 127.0.0.1
cluster addr = 127.0.0.1
# msgr2 only: one monitor port per cluster, nothing on the default 6789.
ms bind msgr1 = false
ms bind msgr2 = true

# No keys at all: the cluster only listens on 127.0.0.1 and lives for one test run.
auth cluster required = none
auth service required = none
auth client required = none
keyring = /dev/null
# radosgw insists on "secure" monitor connections by default, which auth "none"
# cannot provide (it fails with "send_auth_request ... returned -13").
ms mon client mode = crc secure

# Fail fast (instead of after 300 s) when a monitor is not there.
client mount timeout = 20

run dir = ${runDir}/run
admin socket = ${runDir}/run/$name.asok
pid file = ${runDir}/run/$name.pid
log file = ${runDir}/log/$name.log
crash dir = ${runDir}/crash
log to stderr = false
err to stderr = true

# One OSD: a single replica, few placement groups, no manager daemon needed.
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
mon warn on pool no redundancy = false
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon max pg per osd = 1000
osd crush chooseleaf type = 0
# The monitor would shut itself down when /tmp is nearly full.
mon data avail crit = 0

[mon]
mon data = ${runDir}/mon/$name
# Every pool radosgw creates costs two map updates, each of which waits up to
# "paxos propose interval" (1 s): lowering it roughly halves the start time.
paxos propose interval = 0.05
paxos min wait = 0.01

[osd]
osd data = ${runDir}/osd/$name
osd objectstore = memstore
memstore device bytes = ${memstoreBytes}

[client.rgw]
rgw frontends = beast endpoint=127.0.0.1:${rgwPort}
# Lifecycle workers retry a lock with "sleep 5", and shutdown waits for them
# (~4.5 s per stop). Tests do not wait a day for lifecycle rules anyway.
rgw enable lc threads = false
`
}
