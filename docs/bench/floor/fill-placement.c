// fill-placement: does the speed of a 1080p fill depend on which memory it lands in, or on when it runs?
// M mappings of 8 slots of 6,220,800 B each (a channel's slots: hugetlbfs, or tmpfs) are made and written
// once; then the same fill as the bench's (FramePattern.fill: one 8-byte store of seed + i per word) goes
// round them interleaved, mapping by mapping within each slot, PASSES times. Every mapping is thus filled
// in the same stretch of time: memory that the host backs worse would show as one mapping slower than the
// others; a slow period of the machine slows them all alike.
//
//   mount -t hugetlbfs -o pagesize=2M none /dev/hugepages; echo 1024 > /proc/sys/vm/nr_hugepages
//   gcc -O2 -o fill-placement docs/bench/floor/fill-placement.c
//   ./fill-placement /dev/hugepages 6 60; ./fill-placement /dev/shm 4 60     # DIR MAPPINGS PASSES
//
// Not part of the build: the figures it gave are in docs/bench/close-to-the-floor.md.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
static double now_ms(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1e3+t.tv_nsec/1e6;}
int main(int argc,char**argv){
  if(argc<4){fprintf(stderr,"usage: %s DIR MAPPINGS(1-16) PASSES\n",argv[0]);return 2;}
  const char*dir=argv[1]; int maps=atoi(argv[2]); int passes=atoi(argv[3]);
  if(maps<1||maps>16||passes<1){fprintf(stderr,"MAPPINGS 1-16, PASSES >= 1\n");return 2;}
  size_t bytes=1920*1080*3, huge=2<<20, stride=(bytes+huge-1)/huge*huge; int slots=8;
  uint8_t*map[16]; double sum[16]={0}, best[16];
  for(int m=0;m<maps;m++){
    char path[512]; snprintf(path,sizeof path,"%s/fill-placement-%d-%d",dir,(int)getpid(),m);
    int fd=open(path,O_CREAT|O_EXCL|O_RDWR,0600); if(fd<0){perror(path);return 1;}
    unlink(path); // nothing left behind, whatever happens
    if(ftruncate(fd,stride*slots)){perror("ftruncate");return 1;}
    map[m]=mmap(0,stride*slots,PROT_READ|PROT_WRITE,MAP_SHARED,fd,0); close(fd);
    if(map[m]==MAP_FAILED){perror("mmap (are there free huge pages?)");return 1;}
    memset(map[m],0,stride*slots); best[m]=1e9;
  }
  for(int k=0;k<passes;k++) for(int s=0;s<slots;s++) for(int m=0;m<maps;m++){
    volatile uint64_t*w=(uint64_t*)(map[m]+s*stride); uint64_t seed=(uint64_t)k*1000003+s;
    double t0=now_ms(); for(size_t i=0;i<bytes/8;i++) w[i]=seed+i; double d=now_ms()-t0;
    sum[m]+=d; if(d<best[m])best[m]=d;
  }
  for(int m=0;m<maps;m++) printf("%s mapping %d: mean %.3f ms per fill, fastest %.3f ms\n",dir,m,sum[m]/passes/slots,best[m]);
  return 0;
}
