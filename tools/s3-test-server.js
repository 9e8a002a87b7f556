#!/usr/bin/env node
'use strict';

// s3rver with the two things the tests need that it lacks: AbortMultipartUpload and
// ListMultipartUploads with each upload's start (so a test can prove no upload was left behind, and the
// abandoned-writes sweep can find old ones), and a copy source
// header decoded the way S3 decodes it (SDKs percent-encode the '/' between bucket and key); and without a race of
// its own that can bring it down (below).
// Usage: node s3-test-server.js -d DIR -a ADDRESS -p PORT [--configure-bucket NAME]

const fs = require('fs');
const path = require('path');
const S3rver = require('s3rver');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 && at + 1 < args.length ? args[at + 1] : fallback;
};
const directory = option('-d');
const address = option('-a', '127.0.0.1');
const port = Number(option('-p', '4568'));
const bucket = option('--configure-bucket');
if (!directory) {
  console.error('usage: s3-test-server.js -d DIR [-a ADDRESS] [-p PORT] [--configure-bucket NAME]');
  process.exit(2);
}
fs.mkdirSync(directory, { recursive: true });

// Where s3rver's filesystem store keeps unfinished multipart uploads of a bucket.
const uploadsOf = name => path.join(directory, name, '._S3rver_uploads');

const escapeXml = text => text.replace(/[<>&'"]/g, c => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]);

// An upload that another request is starting, completing or aborting meanwhile has no key file (yet, or any more): not listed.
function keyOfUpload(root, uploadId) {
  try {
    return fs.readFileSync(path.join(root, uploadId, 'key')).toString();
  } catch (error) {
    if (error.code === 'ENOENT') return null;
    throw error;
  }
}

// When the upload was started: CreateMultipartUpload writes its key file, and nothing writes it again.
function initiatedOf(root, uploadId) {
  try {
    return fs.statSync(path.join(root, uploadId, 'key')).mtime.toISOString();
  } catch (error) {
    if (error.code === 'ENOENT') return new Date().toISOString();
    throw error;
  }
}

async function multipartExtensions(ctx, next) {
  const copySource = ctx.headers['x-amz-copy-source'];
  if (copySource) {
    ctx.headers['x-amz-copy-source'] = decodeURIComponent(copySource);
  }
  const [name, ...keyParts] = ctx.path.split('/').filter(part => part.length > 0);
  if (ctx.method === 'DELETE' && keyParts.length > 0 && 'uploadId' in ctx.query) {
    const uploadId = String(ctx.query.uploadId);
    if (!/^[0-9a-f]+$/.test(uploadId)) {
      ctx.status = 400;
      return;
    }
    fs.rmSync(path.join(uploadsOf(name), uploadId), { recursive: true, force: true });
    ctx.status = 204;
    return;
  }
  if (ctx.method === 'GET' && keyParts.length === 0 && 'uploads' in ctx.query) {
    const prefix = String(ctx.query.prefix || '');
    const root = uploadsOf(name);
    const uploads = fs.existsSync(root)
      ? fs.readdirSync(root)
          .map(uploadId => ({ uploadId, key: keyOfUpload(root, uploadId), initiated: initiatedOf(root, uploadId) }))
          .filter(upload => upload.key !== null && upload.key.startsWith(prefix))
      : [];
    ctx.type = 'application/xml';
    ctx.body = '<?xml version="1.0" encoding="UTF-8"?>\n<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
      + `<Bucket>${escapeXml(name)}</Bucket><Prefix>${escapeXml(prefix)}</Prefix><IsTruncated>false</IsTruncated>`
      + uploads.map(u => `<Upload><Key>${escapeXml(u.key)}</Key><UploadId>${u.uploadId}</UploadId><Initiated>${u.initiated}</Initiated></Upload>`).join('')
      + '</ListMultipartUploadsResult>';
    return;
  }
  await next();
}

const server = new S3rver({
  directory,
  address,
  port,
  silent: true,
  configureBuckets: bucket ? [{ name: bucket, configs: [] }] : [],
});
// Ahead of s3rver's own middleware (Koa composes the list when the server starts).
server.middleware.unshift(multipartExtensions);

// s3rver removes the folders a deleted object leaves empty. A put into such a folder that has just created it, and
// not yet opened its file, then fails to open it, and that error is unhandled: the whole server exits (seen under
// concurrent LDO uploads sharing the provisional folder). S3 has no folders and lists only objects, so deleting an
// object here removes its three files and leaves the folders be.
const deleteObjectFiles = async (bucket, key) => {
  await Promise.all(['object', 'object.md5', 'metadata.json'].map(kind =>
    fs.promises.unlink(server.store.getResourcePath(bucket, key, kind)).catch(error => {
      if (error.code !== 'ENOENT') throw error;
    })));
};
server.store.deleteObject = deleteObjectFiles;
server.run().catch(error => {
  console.error(error);
  process.exit(1);
});
